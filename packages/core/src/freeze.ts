/**
 * Freeze the main network and train a fresh stethoscope on it (paper
 * Appendix A, Figure 7): after adversarial training, this measures whether
 * information was removed from Z or only made harder to read. theta is never
 * touched; Z is computed once in inference mode and the new head trains on
 * those cached features, so it is cheap.
 *
 * Also the building block of accessibility.ts (probe, control task).
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';
import type { CategoryAccuracy } from './metrics';
import { createSeededRandom, shuffleWith } from './random';
import { createStethoscope, type Stethoscope, type StethoscopeConfig } from './stethoscope';
import {
  accuracyByCategory,
  correctPerExample,
  type TaskSpec,
  taskAccuracy,
  taskLoss,
  validateLabels,
} from './stethoscope-losses';
import { DEFAULT_LEARNING_RATE } from './stethoscope-trainer';
import type { TapTarget } from './tap';
import { extractTapFeaturesSync } from './tap-features';
import type { OptimizerFactory } from './trainer-types';

/** Labelled data for a probe: model input(s) and stethoscope labels. */
export interface ProbeData {
  x: tf.Tensor | tf.Tensor[];
  s: tf.Tensor;
}

export interface FreshStethoscopeOptions {
  /** Update steps (default 300 when `epochs` is not given). */
  steps?: number;
  /**
   * Full passes over the data instead of a step count: each epoch is a fresh
   * seeded permutation cut into batches in order. Give `steps` or `epochs`,
   * not both (default: steps).
   */
  epochs?: number;
  /**
   * Train on the last, smaller batch of a pass instead of dropping it (default
   * false with `steps`, as before: leftover examples wait for the next
   * reshuffle; true with `epochs`).
   */
  keepRemainder?: boolean;
  /**
   * Called with the 1-based number of each pass over the data once it is done
   * (with `steps`: when the order is reshuffled, so a pass cut short by the
   * last step is not reported).
   */
  onEpoch?: (epoch: number) => void;
  /** Examples per step (default 64, capped at the data size). */
  batchSize?: number;
  /** Optimiser of the new head (default RMSProp, learning rate 1e-3). */
  optimizer?: OptimizerFactory;
  /** Seed of the minibatch order (default 0). */
  seed?: number;
  /** Examples per forward pass when computing Z (default 256). */
  featureBatchSize?: number;
}

/**
 * Computes the tapped tensor Z for all of `x` in inference mode, `batchSize`
 * examples per forward pass (the caller disposes it). One tap of
 * {@link extractTapFeatures}, synchronously, on inputs already in memory.
 */
export function computeTapFeatures(
  model: tf.LayersModel,
  tap: TapTarget,
  x: tf.Tensor | tf.Tensor[],
  batchSize = 256,
): tf.Tensor {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError(`batchSize must be a positive integer, got ${batchSize}.`);
  }
  return extractTapFeaturesSync(model, [tap], slices(x, batchSize))[0]!;
}

/** `x` cut along the batch axis into slices of `size` examples; each slice is disposed once the next is asked for. */
function* slices(x: tf.Tensor | tf.Tensor[], size: number): Generator<tf.Tensor | tf.Tensor[]> {
  const inputs = Array.isArray(x) ? x : [x];
  const count = inputs[0]!.shape[0]!;
  for (let start = 0; start < count; start += size) {
    const slice = inputs.map((t) => t.slice(start, Math.min(size, count - start)));
    try {
      yield slice.length === 1 ? slice[0]! : slice;
    } finally {
      tf.dispose(slice);
    }
  }
}

/**
 * Labels as the tensor a task expects, from one integer per example:
 * `[n, 1]` floats for a binary task with one output, `[n]` int32 class
 * indices for n-way. The caller disposes it.
 */
export function labelTensorOf(task: TaskSpec, labels: Int32Array): tf.Tensor {
  if (task.kind === 'n-way') return tf.tensor1d(labels, 'int32');
  if (task.kind === 'binary' && task.outputs === 1) {
    return tf.tensor2d(Float32Array.from(labels), [labels.length, 1]);
  }
  throw new InvalidArgumentError(
    `Labels given as an Int32Array (one per example) fit an n-way task or a binary task with one output; ` +
      `this task is ${task.kind} with ${task.outputs} outputs. Pass the labels as a tensor instead.`,
  );
}

/**
 * Trains `stethoscope`'s head alone on fixed features (theta untouched) for
 * `steps` steps or `epochs` passes; returns the loss of each step. Labels are
 * a tensor, or one integer per example (see {@link labelTensorOf}).
 */
export function trainHeadOnFeatures(
  stethoscope: Stethoscope,
  features: tf.Tensor,
  labels: tf.Tensor | Int32Array,
  options: FreshStethoscopeOptions = {},
): number[] {
  const { optimizer: makeOptimizer, seed = 0, epochs, onEpoch } = options;
  if (epochs !== undefined && options.steps !== undefined) {
    throw new InvalidArgumentError(
      `Give steps or epochs, not both (got steps ${options.steps} and epochs ${epochs}).`,
    );
  }
  const steps = options.steps ?? 300;
  const count = features.shape[0]!;
  if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 1)) {
    throw new InvalidArgumentError(`epochs must be a positive integer, got ${epochs}.`);
  }
  if (epochs === undefined && (!Number.isInteger(steps) || steps < 1)) {
    throw new InvalidArgumentError(`steps must be a positive integer, got ${steps}.`);
  }
  const target = labels instanceof tf.Tensor ? labels : labelTensorOf(stethoscope.task, labels);
  try {
    validateLabels(stethoscope.task, target, count, `stethoscope "${stethoscope.name}"`);
    const batchSize = Math.min(options.batchSize ?? 64, count);
    const keepRemainder = options.keepRemainder ?? epochs !== undefined;
    const optimizer = (makeOptimizer ?? (() => tf.train.rmsprop(DEFAULT_LEARNING_RATE)))();
    const random = createSeededRandom(seed);
    const losses: number[] = [];
    const variables = stethoscope.head.variables;
    const shuffled = () =>
      shuffleWith(
        Array.from({ length: count }, (_, i) => i),
        random,
      );
    const train = (picked: number[]) =>
      tf.tidy(() => {
        const idx = tf.tensor1d(picked, 'int32');
        const z = tf.gather(features, idx);
        const s = tf.gather(target, idx);
        const { value, grads } = tf.variableGrads(
          () => taskLoss(stethoscope.task, stethoscope.head.apply(z), s),
          [...variables],
        );
        optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
        losses.push(value.dataSync()[0]!);
      });
    try {
      if (epochs !== undefined) {
        for (let epoch = 1; epoch <= epochs; epoch++) {
          const order = shuffled();
          for (let start = 0; start < count; start += batchSize) {
            if (!keepRemainder && count - start < batchSize) break;
            train(order.slice(start, start + batchSize));
          }
          onEpoch?.(epoch);
        }
      } else {
        let order: number[] = [];
        let passes = -1;
        for (let step = 0; step < steps; step++) {
          if (order.length === 0 || (!keepRemainder && order.length < batchSize)) {
            passes++;
            if (passes > 0) onEpoch?.(passes);
            order = shuffled();
          }
          train(order.splice(0, batchSize));
        }
      }
    } finally {
      optimizer.dispose();
    }
    return losses;
  } finally {
    if (target !== labels) target.dispose();
  }
}

/**
 * Attaches a fresh stethoscope (lambda 0) to a frozen `model` and trains it
 * on `train`. The model's weights are not changed.
 */
export function trainFreshStethoscope(
  model: tf.LayersModel,
  config: Omit<StethoscopeConfig, 'lambda' | 'objective'>,
  train: ProbeData,
  options: FreshStethoscopeOptions = {},
): { stethoscope: Stethoscope; losses: number[] } {
  const stethoscope = createStethoscope(model, { ...config, lambda: 0 });
  const features = computeTapFeatures(model, stethoscope.tap, train.x, options.featureBatchSize);
  try {
    return { stethoscope, losses: trainHeadOnFeatures(stethoscope, features, train.s, options) };
  } catch (error) {
    stethoscope.dispose();
    throw error;
  } finally {
    features.dispose();
  }
}

/** Loss, accuracy and (optionally) per-category accuracy of a stethoscope on data. */
export interface ProbeEvaluation {
  loss: number;
  /** null for regression. */
  accuracy: number | null;
  count: number;
  /** Accuracy by category, when categories were given (classification only). */
  perCategory?: Record<string, CategoryAccuracy>;
}

/** Evaluates a stethoscope on data through the (frozen) model, optionally per category. */
export function evaluateStethoscope(
  model: tf.LayersModel,
  stethoscope: Stethoscope,
  data: ProbeData & { categories?: ArrayLike<string | number> },
  options: { featureBatchSize?: number } = {},
): ProbeEvaluation {
  const features = computeTapFeatures(model, stethoscope.tap, data.x, options.featureBatchSize);
  try {
    return evaluateHeadOnFeatures(stethoscope, features, data.s, data.categories);
  } finally {
    features.dispose();
  }
}

/**
 * As {@link evaluateStethoscope}, on precomputed features. Labels are a
 * tensor, or one integer per example (see {@link labelTensorOf}).
 */
export function evaluateHeadOnFeatures(
  stethoscope: Stethoscope,
  features: tf.Tensor,
  labels: tf.Tensor | Int32Array,
  categories?: ArrayLike<string | number>,
): ProbeEvaluation {
  const count = features.shape[0]!;
  const target = labels instanceof tf.Tensor ? labels : labelTensorOf(stethoscope.task, labels);
  try {
    validateLabels(stethoscope.task, target, count, `stethoscope "${stethoscope.name}"`);
    if (categories && categories.length !== count) {
      throw new InvalidArgumentError(
        `Got ${categories.length} categories for ${count} examples; give one per example.`,
      );
    }
    const logits = stethoscope.head.apply(features);
    try {
      const loss = tf.tidy(() => taskLoss(stethoscope.task, logits, target).dataSync()[0]!);
      const accT = taskAccuracy(stethoscope.task, logits, target);
      const accuracy = accT ? accT.dataSync()[0]! : null;
      accT?.dispose();
      const result: ProbeEvaluation = { loss, accuracy, count };
      if (categories && stethoscope.task.kind !== 'regression') {
        const correct = correctPerExample(stethoscope.task, logits, target)!;
        result.perCategory = accuracyByCategory(correct, categories);
      }
      return result;
    } finally {
      logits.dispose();
    }
  } finally {
    if (target !== labels) target.dispose();
  }
}
