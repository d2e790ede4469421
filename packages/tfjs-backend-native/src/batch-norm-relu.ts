/**
 * Batch norm followed by ReLU in one pass. Training-mode batch norm
 * (`StethBatchNormTraining`) computes its statistics at once but defers its
 * normalised output y; a Relu whose input is that output, still uncomputed,
 * writes relu(y) straight from x and the statistics, and y itself is never
 * written unless something reads it. Relu's gradient saves Relu's output
 * (step(relu(y)) = step(y)), so nothing else keeps y. Backward, Relu's
 * gradient dy * step(out) is deferred too; when that Relu was fused with this
 * very batch norm, batch norm's gradient takes dy and recomputes step(y) from
 * x in its own passes, reading neither ReLU's output nor a gradient tensor
 * written for it. (A Relu gradient can reach batch norm's gradient from
 * another Relu: Add's gradient hands on the same tensor, so in
 * relu(batchNorm(x) + r) the step is that of y + r, and the gradient is
 * computed as written.) The values are the same bits
 * as the kernels one after the other. In a conv + batch norm + ReLU network
 * this removes a write and a read of every such activation forward, and a
 * write and two reads backward. Not from the paper: speed of the batch-norm
 * networks the reproduction trains (issue 14).
 */

import type { TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon';
import type { NativeBackend } from './native-backend';

/** What a deferred batch-norm output is computed from (copies of the [C] vectors; x is held). */
export interface BatchNormRecipe {
  readonly kind: 'batch-norm';
  readonly x: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly scale: Float32Array | null;
  readonly offset: Float32Array | null;
  readonly varianceEpsilon: number;
}

/** Writes the batch norm of the recipe into out, or its Relu. */
export function normaliseInto(
  addon: NativeAddon,
  r: BatchNormRecipe,
  relu: boolean,
  out: Float32Array,
): void {
  addon.batchNormNormalize(r.x, r.mean, r.variance, r.scale, r.offset, r.varianceEpsilon, relu, out);
}

function isBatchNormRecipe(r: unknown): r is BatchNormRecipe {
  return (r as BatchNormRecipe | undefined)?.kind === 'batch-norm';
}

/** The batch norm each fused Relu output was taken from, by the output's data id. */
const fusedFrom = new WeakMap<object, BatchNormRecipe>();

/** Relu of x in one pass when x is a batch norm's output not computed yet; undefined otherwise. */
export function fusedBatchNormRelu(backend: NativeBackend, x: TensorInfo): TensorInfo | undefined {
  const recipe = backend.pendingRecipe(x);
  if (!isBatchNormRecipe(recipe)) return undefined;
  const out = backend.allocOutput([...x.shape]);
  normaliseInto(backend.addon, recipe, true, out.values);
  fusedFrom.set(out.info.dataId, recipe);
  return out.info;
}

/** The batch norm whose output a Relu turned into `out` in one pass, if it did. */
export function batchNormBeforeRelu(out: TensorInfo): BatchNormRecipe | undefined {
  return fusedFrom.get(out.dataId);
}

/**
 * What a deferred Relu gradient is computed from: dy * step(out), out being Relu's output, and
 * the batch norm that Relu was fused with, if it was.
 */
export interface ReluGradRecipe {
  readonly kind: 'relu-grad';
  readonly dy: Float32Array;
  readonly batchNorm: BatchNormRecipe | undefined;
}

/** The recipe of t when it is a Relu gradient not computed yet. */
export function pendingReluGrad(backend: NativeBackend, t: TensorInfo): ReluGradRecipe | undefined {
  const recipe = backend.pendingRecipe(t) as ReluGradRecipe | undefined;
  return recipe?.kind === 'relu-grad' ? recipe : undefined;
}
