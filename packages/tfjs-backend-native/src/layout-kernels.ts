/**
 * Native Transpose and GatherV2 on float32 tensors: pure data movement that
 * the `cpu` backend does element by element with index arithmetic in JS.
 * The stethoscope trainer (Section 3) runs both every step: transposes in
 * its gradients and gathers in the sparse heads.
 */
import { backend_util, type TensorInfo, util } from '@tensorflow/tfjs';
import { type NativeKernel, params, sizeOf } from './native-kernel';

export const transposeKernel: NativeKernel = {
  kernelName: 'Transpose',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const perm = attrs.perm as number[];
    const xv = backend.f32(x);
    const rank = x.shape.length;
    if (!xv || xv.length === 0 || rank === 0 || rank > 16 || perm.length !== rank) return undefined;
    const outShape = perm.map((p) => x.shape[p]!);
    const out = backend.allocOutput(outShape);
    backend.addon.transpose(xv, Int32Array.from(x.shape), Int32Array.from(perm), out.values);
    return out.info;
  },
};

export const gatherV2Kernel: NativeKernel = {
  kernelName: 'GatherV2',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const indices = inputs.indices as TensorInfo;
    const xv = backend.f32(x);
    const iv = backend.data.get(indices.dataId)?.values;
    if (!xv || xv.length === 0 || !(iv instanceof Int32Array) || iv.length === 0) return undefined;
    const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0]!;
    const axisDim = x.shape[axis]!;
    // An index out of range: the cpu kernel throws tfjs's message.
    for (let i = 0; i < iv.length; i++) if (iv[i]! < 0 || iv[i]! >= axisDim) return undefined;
    const batchDims = (attrs.batchDims as number | undefined) ?? 0;
    const info = backend_util.segment_util.collectGatherOpShapeInfo(
      x as unknown as Parameters<typeof backend_util.segment_util.collectGatherOpShapeInfo>[0],
      indices as unknown as Parameters<typeof backend_util.segment_util.collectGatherOpShapeInfo>[1],
      axis,
      batchDims,
    );
    if (sizeOf(info.outputShape) === 0) return undefined;
    const out = backend.allocOutput(info.outputShape);
    const perBatch = iv.length / info.batchSize;
    backend.addon.gather(
      xv,
      iv,
      params(info.batchSize, info.outerSize, info.dimSize, info.sliceSize, perBatch),
      out.values,
    );
    return out.info;
  },
};
