/**
 * Native Concat of float32 tensors along any axis, and its inverse SplitV
 * (which the gradient of concat runs): one pass that copies each part's slab
 * of every outer row. Inception's blocks concatenate their branches along
 * channels.
 */
import { backend_util, type TensorInfo, util } from '@tensorflow/tfjs';
import { type NativeKernel, sizeOf } from './native-kernel';

export const concatKernel: NativeKernel = {
  kernelName: 'Concat',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const tensors = inputs as unknown as TensorInfo[];
    if (tensors.length < 2) return undefined;
    const values: Float32Array[] = [];
    for (const t of tensors) {
      const v = backend.f32(t);
      if (!v || v.length === 0) return undefined;
      values.push(v);
    }
    const axis = util.parseAxisParam(attrs.axis as number, tensors[0]!.shape)[0]!;
    const shapes = tensors.map((t) => t.shape);
    backend_util.assertParamsConsistent(shapes, axis);
    const outShape = backend_util.computeOutShape(shapes, axis);
    const outer = sizeOf(outShape.slice(0, axis));
    const widths = Int32Array.from(shapes.map((s) => sizeOf(s.slice(axis))));
    const out = backend.allocOutput(outShape);
    backend.addon.concat(values, widths, outer, out.values);
    return out.info;
  },
};

export const splitVKernel: NativeKernel = {
  kernelName: 'SplitV',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const xv = backend.f32(x);
    if (!xv || xv.length === 0) return undefined;
    const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0]!;
    const sizes = backend_util.prepareSplitSize(x, attrs.numOrSizeSplits as number | number[], axis);
    const innerSize = sizeOf(x.shape.slice(axis + 1));
    const outer = sizeOf(x.shape.slice(0, axis));
    const outs = sizes.map((size) => {
      const shape = [...x.shape];
      shape[axis] = size;
      return backend.allocOutput(shape);
    });
    backend.addon.split(
      xv,
      Int32Array.from(sizes.map((s) => s * innerSize)),
      outer,
      outs.map((o) => o.values),
    );
    return outs.map((o) => o.info);
  },
};
