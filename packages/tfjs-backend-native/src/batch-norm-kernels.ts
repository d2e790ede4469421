/**
 * Native FusedBatchNorm (the forward of `tf.batchNorm`, which batch
 * normalisation layers run, as in Inception-v4) and Tile, which its gradient
 * uses to spread the per-channel 1/sqrt(variance) over a whole activation.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import { type NativeKernel, sizeOf } from './native-kernel';

const ONE = new Float32Array([1]);
const ZERO = new Float32Array([0]);

export const fusedBatchNormKernel: NativeKernel = {
  kernelName: 'FusedBatchNorm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const mean = inputs.mean as TensorInfo;
    const variance = inputs.variance as TensorInfo;
    const scale = inputs.scale as TensorInfo | undefined;
    const offset = inputs.offset as TensorInfo | undefined;
    // Shape checks and their messages stay with the cpu kernel.
    if (mean.shape.length !== variance.shape.length) return undefined;
    if (offset && offset.shape.length !== mean.shape.length) return undefined;
    if (scale && scale.shape.length !== mean.shape.length) return undefined;
    const xv = backend.f32(x);
    const mv = backend.f32(mean);
    const vv = backend.f32(variance);
    const sv = scale ? backend.f32(scale) : ONE;
    const ov = offset ? backend.f32(offset) : ZERO;
    if (!xv || !mv || !vv || !sv || !ov || xv.length === 0) return undefined;
    if (mv.length === 0 || vv.length === 0 || sv.length === 0 || ov.length === 0) return undefined;
    const eps = attrs.varianceEpsilon == null ? 0.001 : Number(attrs.varianceEpsilon);
    const out = backend.allocOutput([...x.shape]);
    backend.addon.batchNorm(xv, mv, vv, sv, ov, eps, out.values);
    return out.info;
  },
};

export const tileKernel: NativeKernel = {
  kernelName: 'Tile',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const reps = attrs.reps as number[];
    const xv = backend.f32(x);
    if (
      !xv ||
      xv.length === 0 ||
      x.shape.length === 0 ||
      x.shape.length > 16 ||
      reps.length !== x.shape.length
    )
      return undefined;
    const outShape = x.shape.map((d, i) => d * reps[i]!);
    if (sizeOf(outShape) === 0) return undefined;
    const out = backend.allocOutput(outShape);
    backend.addon.tile(xv, Int32Array.from(x.shape), Int32Array.from(reps), out.values);
    return out.info;
  },
};
