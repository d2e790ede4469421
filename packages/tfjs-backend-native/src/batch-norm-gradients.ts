/**
 * Batch normalisation's backward pass on the native backend. tfjs-layers'
 * BatchNormalization trains through `tf.moments` (Mean, Sub, Square, Mean)
 * and `tf.batchNorm` (FusedBatchNorm); tfjs differentiates them op by op:
 * FusedBatchNorm's gradient alone is ~15 full-size elementwise ops and a
 * Tile, and each Mean's gradient allocates a tensor of ones, multiplies and
 * divides. Gradients are registered by kernel name for every backend, so
 * this module replaces the gradients of FusedBatchNorm, Mean and Square with
 * ones that, when the active backend is `native` and the tensors are float32
 * channel-last, run one native kernel each (same partial derivatives, fewer
 * passes over memory), and otherwise call tfjs's own gradient unchanged.
 * Sum's gradient, the same broadcast as Mean's without the division, is
 * replaced too (it is what a sparse stethoscope head's backward pass
 * spends most on). Not from the paper: it makes networks with batch norm,
 * and sparse probes, trainable at speed.
 */

import type { GradConfig, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import { BINARY_MUL_TWICE, broadcastStrides, collapse } from './elementwise-kernels';
import type { NativeKernel } from './native-kernel';
import { processSwitch } from './process-switch';

const NATIVE = 'native';

/** Custom kernel names (registered on `native` only). */
export const BATCH_NORM_GRAD = 'StethFusedBatchNormGrad';
export const MEAN_GRAD = 'StethMeanGrad';
export const SUM_GRAD = 'StethSumGrad';
export const SQUARE_GRAD = 'StethSquareGrad';

/** dx, dmean, dvariance, dscale, doffset of FusedBatchNorm in one pass (csrc/batch-norm.cc). */
export const batchNormGradKernel: NativeKernel = {
  kernelName: BATCH_NORM_GRAD,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const mean = inputs.mean as TensorInfo;
    const C = mean.shape[0]!;
    const get = (t: TensorInfo | undefined, what: string): Float32Array => {
      const v = t && backend.f32(t);
      if (!v)
        throw new TypeError(`${BATCH_NORM_GRAD}: ${what} must be a float32 tensor on the native backend.`);
      return v;
    };
    const scale = inputs.scale as TensorInfo | undefined;
    const outs = [backend.allocOutput([...x.shape])];
    for (let i = 0; i < 4; i++) outs.push(backend.allocOutput([C]));
    const [dx, dmean, dvar, dscale, doffset] = outs as [
      (typeof outs)[0],
      (typeof outs)[0],
      (typeof outs)[0],
      (typeof outs)[0],
      (typeof outs)[0],
    ];
    backend.addon.batchNormGrad(
      get(x, 'x'),
      get(inputs.dy as TensorInfo, 'dy'),
      get(mean, 'mean'),
      get(inputs.variance as TensorInfo, 'variance'),
      scale ? get(scale, 'scale') : null,
      Number(attrs.varianceEpsilon ?? 0.001),
      dx.values,
      dmean.values,
      dvar.values,
      dscale.values,
      doffset.values,
    );
    return outs.map((o) => o.info);
  },
};

/**
 * The gradient of a reduction over some axes of x (attrs: xShape, axes): dy
 * broadcast back over the reduced axes, divided by their size for a mean
 * (by 1 for a sum: the same bits as tfjs's dy * ones(x.shape), without the
 * tensor of ones), in one write pass.
 */
function broadcastGradKernel(kernelName: string, divideBySize: boolean): NativeKernel {
  return {
    kernelName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const dy = inputs.dy as TensorInfo;
      const xShape = attrs.xShape as number[];
      const axes = attrs.axes as number[];
      const dyv = backend.f32(dy);
      if (!dyv) throw new TypeError(`${kernelName}: dy must be a float32 tensor on the native backend.`);
      let reduceSize = 1;
      const expanded = xShape.map((d, i) => {
        if (!axes.includes(i)) return d;
        reduceSize *= d;
        return 1;
      });
      const out = backend.allocOutput([...xShape]);
      const n = new Float32Array([divideBySize ? reduceSize : 1]);
      const { shape, aStrides, bStrides } = collapse(
        xShape,
        broadcastStrides(expanded, xShape),
        broadcastStrides([], xShape),
      );
      backend.addon.binary(BINARY_DIV, dyv, n, out.values, shape, aStrides, bStrides);
      return out.info;
    },
  };
}
export const meanGradKernel = broadcastGradKernel(MEAN_GRAD, true);
export const sumGradKernel = broadcastGradKernel(SUM_GRAD, false);
const BINARY_DIV = 3;

/** dy * (2 x), one pass. */
export const squareGradKernel: NativeKernel = {
  kernelName: SQUARE_GRAD,
  kernelFunc: ({ inputs, backend }) => {
    const dy = inputs.dy as TensorInfo;
    const x = inputs.x as TensorInfo;
    const dyv = backend.f32(dy);
    const xv = backend.f32(x);
    if (!dyv || !xv || dyv.length !== xv.length)
      throw new TypeError(
        `${SQUARE_GRAD}: dy and x must be float32 tensors of one shape on the native backend.`,
      );
    const out = backend.allocOutput([...x.shape]);
    const len = Int32Array.of(xv.length);
    const one = Int32Array.of(1);
    backend.addon.binary(BINARY_MUL_TWICE, dyv, xv, out.values, len, one, one);
    return out.info;
  },
};

export const batchNormGradKernels: NativeKernel[] = [
  batchNormGradKernel,
  meanGradKernel,
  sumGradKernel,
  squareGradKernel,
];

const gradientSwitch = processSwitch('batch-norm-gradients');

/**
 * Turns native batch norm in training on (the default) or off: the fused
 * kernel tfjs-layers' BatchNormalization trains through
 * (batch-norm-training.ts) and the native gradients of FusedBatchNorm, Mean
 * and Square. Off, the native backend trains batch norm through tfjs's own
 * ops and gradients, as before they existed (for benchmarks and for checking
 * a suspected bug).
 */
export function setNativeBatchNormGradients(on: boolean): void {
  gradientSwitch.on = on;
}

/** Whether {@link setNativeBatchNormGradients} left native batch norm on. */
export function nativeBatchNormEnabled(): boolean {
  return gradientSwitch.on;
}

/** The active backend is `native` and every given tensor is float32. */
function onNativeBackend(...ts: (Tensor | undefined | null)[]): boolean {
  return tf.getBackend() === NATIVE && ts.every((t) => t == null || t.dtype === 'float32');
}

/** As {@link onNativeBackend}, while native batch norm is switched on. */
function onNative(...ts: (Tensor | undefined | null)[]): boolean {
  return gradientSwitch.on && onNativeBackend(...ts);
}

type GradFunc = GradConfig['gradFunc'];

/** FusedBatchNorm: per-channel statistics (rank-1 mean/variance/scale over the last axis). */
function fusedBatchNormGrad(original: GradFunc): GradFunc {
  return (dy, saved, attrs) => {
    const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor | undefined];
    const C = x.shape[x.rank - 1];
    const perChannel = (t: Tensor | undefined) => t == null || (t.rank === 1 && t.shape[0] === C);
    if (
      !onNative(dy as Tensor, x, mean, variance, scale) ||
      x.rank < 1 ||
      x.size === 0 ||
      !perChannel(mean) ||
      !perChannel(variance) ||
      !perChannel(scale)
    )
      return original(dy, saved, attrs);
    const inputs: Record<string, Tensor> = { x, dy: dy as Tensor, mean, variance };
    if (scale) inputs.scale = scale;
    // All five at once, outside the per-input tidy scopes the engine runs the thunks in.
    const [dx, dmean, dvariance, dscale, doffset] = tf
      .engine()
      .runKernel(BATCH_NORM_GRAD, inputs, attrs as NamedAttrMap) as Tensor[];
    return {
      x: () => dx!,
      mean: () => dmean!,
      variance: () => dvariance!,
      scale: () => dscale!,
      offset: () => doffset!,
    };
  };
}

/**
 * The gradient of a reduction (Mean or Sum) as one broadcast kernel when
 * `native(dy, x)` says so. Sum's (a sparse stethoscope head sums its weighted
 * inputs per hidden unit, so every step broadcasts a [batch, non-zeros]
 * gradient) runs on `native` whatever the batch-norm switch: it gives the
 * same bits as tfjs's.
 */
function reductionGrad(kernelName: string, native: (...ts: Tensor[]) => boolean) {
  return (original: GradFunc): GradFunc =>
    (dy, saved, attrs) => {
      const [x] = saved as [Tensor];
      if (!native(dy as Tensor, x) || x.size === 0) return original(dy, saved, attrs);
      const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
      return {
        x: () => tf.engine().runKernel(kernelName, { dy: dy as Tensor }, { xShape: x.shape, axes }) as Tensor,
      };
    };
}
const meanGrad = reductionGrad(MEAN_GRAD, onNative);
const sumGrad = reductionGrad(SUM_GRAD, onNativeBackend);

function squareGrad(original: GradFunc): GradFunc {
  return (dy, saved, attrs) => {
    const [x] = saved as [Tensor];
    if (!onNative(dy as Tensor, x) || x.size === 0 || !tf.util.arraysEqual(x.shape, (dy as Tensor).shape))
      return original(dy, saved, attrs);
    return { x: () => tf.engine().runKernel(SQUARE_GRAD, { dy: dy as Tensor, x }) as Tensor };
  };
}

const REPLACEMENTS: Record<string, (original: GradFunc) => GradFunc> = {
  FusedBatchNorm: fusedBatchNormGrad,
  Mean: meanGrad,
  Sum: sumGrad,
  Square: squareGrad,
};

/**
 * Replaces the gradients of FusedBatchNorm, Mean, Sum and Square (once a
 * process) with the dispatching versions above; other backends keep tfjs's.
 */
export function registerBatchNormGradients(): void {
  for (const [kernelName, make] of Object.entries(REPLACEMENTS)) {
    const original = tf.getGradient(kernelName);
    if (!original) continue;
    tf.registerGradient({ ...original, gradFunc: make(original.gradFunc) });
  }
}
