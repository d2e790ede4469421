/**
 * Training-mode batch norm as one native kernel, forward and backward.
 * tfjs-layers' BatchNormalization trains through `tf.moments` (Mean, Sub,
 * Square, Mean) and `tf.batchNorm`, about eight passes over the activation
 * forward and a dozen backward, each its own kernel call. On the native
 * backend, and only there, this module routes the layer's training branch to
 * `StethBatchNormTraining`: the batch statistics and the normalised output in
 * two passes (the second deferred, so that a ReLU after it can take it over:
 * batch-norm-relu.ts), and a gradient through the statistics in two more. Inference,
 * other backends, other dtypes and layers without both gamma and beta keep
 * tfjs-layers' own code. The moving statistics are updated exactly as
 * tfjs-layers does. Not from the paper: it makes networks with batch norm
 * train at speed on a CPU.
 */

import type { NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import { nativeBatchNormEnabled } from './batch-norm-gradients';
import { type BatchNormRecipe, normaliseInto, pendingReluGrad } from './batch-norm-relu';
import type { NativeKernel } from './native-kernel';

/** Kernel names (registered on `native` only). */
export const BATCH_NORM_TRAINING = 'StethBatchNormTraining';
export const BATCH_NORM_TRAINING_GRAD = 'StethBatchNormTrainingGrad';
export const MOVING_AVERAGE = 'StethMovingAverage';

function channelsOf(x: TensorInfo): number {
  return x.shape[x.shape.length - 1] ?? 0;
}

/**
 * Inputs x (channels last), scale and offset ([C]); attr varianceEpsilon.
 * Outputs y (as x), the batch mean and the biased batch variance ([C]).
 */
export const batchNormTrainingKernel: NativeKernel = {
  kernelName: BATCH_NORM_TRAINING,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const C = channelsOf(x);
    const xv = backend.f32(x);
    const scale = inputs.scale ? backend.f32(inputs.scale as TensorInfo) : null;
    const offset = inputs.offset ? backend.f32(inputs.offset as TensorInfo) : null;
    if (!xv || xv.length === 0 || C === 0 || scale === undefined || offset === undefined)
      throw new TypeError(
        `${BATCH_NORM_TRAINING}: x, scale and offset must be float32 tensors on the native backend.`,
      );
    if ((scale && scale.length !== C) || (offset && offset.length !== C))
      throw new RangeError(`${BATCH_NORM_TRAINING}: scale and offset must have ${C} values, one a channel.`);
    const mean = backend.allocOutput([C]);
    const variance = backend.allocOutput([C]);
    const varianceEpsilon = Number(attrs.varianceEpsilon ?? 0.001);
    backend.addon.batchNormTrain(xv, scale, offset, varianceEpsilon, null, mean.values, variance.values);
    // y waits until read, or until a Relu fuses it (batch-norm-relu.ts).
    const recipe: BatchNormRecipe = {
      kind: 'batch-norm',
      x: xv,
      mean: mean.values.slice(),
      variance: variance.values.slice(),
      scale: scale ? scale.slice() : null,
      offset: offset ? offset.slice() : null,
      varianceEpsilon,
    };
    const y = backend.deferOutput(
      BATCH_NORM_TRAINING,
      [...x.shape],
      [x],
      (values) => normaliseInto(backend.addon, recipe, false, values),
      recipe,
    );
    return [y, mean.info, variance.info];
  },
};

/** Inputs x, dy, mean, variance, scale, gmean, gvariance; outputs dx, dscale, doffset. */
export const batchNormTrainingGradKernel: NativeKernel = {
  kernelName: BATCH_NORM_TRAINING_GRAD,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const C = channelsOf(x);
    const get = (name: string): Float32Array => {
      const v = backend.f32(inputs[name] as TensorInfo);
      if (!v)
        throw new TypeError(
          `${BATCH_NORM_TRAINING_GRAD}: ${name} must be a float32 tensor on the native backend.`,
        );
      return v;
    };
    const optional = (name: string) => (inputs[name] ? get(name) : null);
    // dy may be the uncomputed gradient of a Relu fused with this batch norm (the same x): then take
    // its dy, and recompute the step from x. Any other dy is read (and computed) as it is.
    const xv = get('x');
    const pending = pendingReluGrad(backend, inputs.dy as TensorInfo);
    const relu =
      pending?.batchNorm?.x === xv ? { dy: pending.dy, offset: pending.batchNorm.offset } : undefined;
    const dx = backend.allocOutput([...x.shape]);
    const dscale = backend.allocOutput([C]);
    const doffset = backend.allocOutput([C]);
    backend.addon.batchNormTrainGrad(
      xv,
      relu ? relu.dy : get('dy'),
      get('mean'),
      get('variance'),
      optional('scale'),
      optional('gmean'),
      optional('gvariance'),
      Number(attrs.varianceEpsilon ?? 0.001),
      dx.values,
      dscale.values,
      doffset.values,
      relu !== undefined,
      relu ? relu.offset : null,
    );
    return [dx.info, dscale.info, doffset.info];
  },
};

/**
 * Inputs current and value (one shape); attr decay. current - (current - value) * decay: the
 * moving-statistics update as tfjs-layers computes it with sub, mul and sub, the same bits, in one
 * kernel call instead of three (a batch-norm layer makes two such updates a training step).
 */
export const movingAverageKernel: NativeKernel = {
  kernelName: MOVING_AVERAGE,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const current = inputs.current as TensorInfo;
    const cv = backend.f32(current);
    const vv = backend.f32(inputs.value as TensorInfo);
    if (!cv || !vv || cv.length !== vv.length)
      throw new TypeError(`${MOVING_AVERAGE}: current and value must be float32 tensors of one shape.`);
    const out = backend.allocOutput([...current.shape]);
    backend.addon.movingAverage(cv, vv, Number(attrs.decay), out.values);
    return out.info;
  },
};

export const batchNormTrainingKernels: NativeKernel[] = [
  batchNormTrainingKernel,
  batchNormTrainingGradKernel,
  movingAverageKernel,
];

/** The gradient of StethBatchNormTraining (x, scale, offset), through the batch statistics. */
function registerBatchNormTrainingGradient(): void {
  tf.registerGradient({
    kernelName: BATCH_NORM_TRAINING,
    inputsToSave: ['x', 'scale'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [dy, gmean, gvariance] = dys as Tensor[];
      const [x, scale, mean, variance] = saved as [Tensor, Tensor, Tensor, Tensor];
      const [dx, dscale, doffset] = tf
        .engine()
        .runKernel(
          BATCH_NORM_TRAINING_GRAD,
          { x, dy: dy!, mean, variance, scale, gmean: gmean!, gvariance: gvariance! },
          attrs as NamedAttrMap,
        ) as Tensor[];
      return { x: () => dx!, scale: () => dscale!, offset: () => doffset! };
    },
  });
}

/** What the hook reads of a tfjs-layers BatchNormalization (private fields of tfjs-layers 4.x). */
interface LayerVariableLike {
  read(): Tensor;
  write(value: Tensor): void;
}
interface BatchNormalizationLike {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma?: LayerVariableLike | null;
  beta?: LayerVariableLike | null;
  movingMean?: LayerVariableLike | null;
  movingVariance?: LayerVariableLike | null;
}
type LayerCall = (
  this: BatchNormalizationLike,
  inputs: Tensor | Tensor[],
  kwargs: Record<string, unknown>,
) => Tensor;

const HOOK_KEY = Symbol.for('@steth/tfjs-backend-native/batch-norm-training');

/** The tensor the fused path would normalise, or undefined when tfjs-layers' own code must run. */
function fusedInput(
  layer: BatchNormalizationLike,
  inputs: Tensor | Tensor[],
  kwargs: Record<string, unknown>,
) {
  if (kwargs?.training !== true || !nativeBatchNormEnabled() || tf.getBackend() !== 'native')
    return undefined;
  const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
  if (x?.dtype !== 'float32' || x.rank < 2 || x.size === 0) return undefined;
  const axis = layer.axis >= 0 ? layer.axis : layer.axis + x.rank;
  if (axis !== x.rank - 1) return undefined;
  if (!layer.center || !layer.scale || !layer.gamma || !layer.beta) return undefined;
  if (!layer.movingMean || !layer.movingVariance) return undefined;
  return x;
}

/**
 * Routes the training branch of tfjs-layers' BatchNormalization to the fused
 * kernel on the native backend (once a process; the class is the one tfjs
 * registered for deserialisation). Everything else calls the original.
 */
export function registerBatchNormTraining(): void {
  registerBatchNormTrainingGradient();
  const registered = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization?.[0];
  const layerClass = (registered ??
    Object.getPrototypeOf(tf.layers.batchNormalization({ name: 'steth_native_probe' })).constructor) as {
    prototype: Record<symbol | string, unknown>;
  };
  const proto = layerClass.prototype;
  if (proto[HOOK_KEY] || typeof proto.call !== 'function') return;
  const original = proto.call as LayerCall;
  const call: LayerCall = function (this: BatchNormalizationLike, inputs, kwargs) {
    const x = fusedInput(this, inputs, kwargs);
    if (!x) return original.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const [y, mean, variance] = tf
        .engine()
        .runKernel(
          BATCH_NORM_TRAINING,
          { x, scale: this.gamma!.read(), offset: this.beta!.read() },
          { varianceEpsilon: this.epsilon },
        ) as Tensor[];
      // As tfjs-layers: moving <- moving - (moving - batch) * (1 - momentum).
      const decay = 1 - this.momentum;
      for (const [variable, value] of [
        [this.movingMean!, mean!],
        [this.movingVariance!, variance!],
      ] as const) {
        tf.tidy(() => {
          const current = variable.read();
          variable.write(tf.engine().runKernel(MOVING_AVERAGE, { current, value }, { decay }) as Tensor);
        });
      }
      return y!;
    });
  };
  proto.call = call;
  proto[HOOK_KEY] = true;
}
