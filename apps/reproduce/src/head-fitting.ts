/**
 * Training a stethoscope's head alone on cached features of a frozen network
 * (paper Section 3, lambda = 0 with theta fixed): shuffled minibatches, one
 * optimiser for the whole fit, and an evaluation after each epoch if asked.
 * Used by Fig. 4's probes and Fig. 7's recovery.
 */
import { createSeededRandom, type Stethoscope, shuffleWith, taskAccuracy, taskLoss } from '@steth/core';
import * as tf from '@tensorflow/tfjs';

/** Configures {@link fitHead}. */
export interface FitHeadOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Called after each epoch (1-based) — e.g. to evaluate. */
  onEpoch?: (epoch: number) => void;
}

/** Labels as the tensor a task expects: `[n, 1]` floats for binary, `[n]` int32 class indices for n-way. */
export function labelTensor(stethoscope: Stethoscope, labels: Int32Array): tf.Tensor {
  return stethoscope.task.kind === 'n-way'
    ? tf.tensor1d(labels, 'int32')
    : tf.tensor2d(Float32Array.from(labels), [labels.length, 1]);
}

/** Trains the head of `stethoscope` on `features` against `labels` (one per row). */
export function fitHead(
  stethoscope: Stethoscope,
  features: tf.Tensor2D,
  labels: Int32Array,
  options: FitHeadOptions,
): void {
  const count = features.shape[0];
  if (labels.length !== count) {
    throw new RangeError(
      `fitHead: ${labels.length} labels for ${count} feature rows; give one label per row.`,
    );
  }
  const target = labelTensor(stethoscope, labels);
  const optimizer = tf.train.rmsprop(options.learningRate, 0.9);
  const random = createSeededRandom(options.seed);
  const variables = [...stethoscope.head.variables];
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const order = shuffleWith(
        Array.from({ length: count }, (_, i) => i),
        random,
      );
      for (let start = 0; start < count; start += options.batchSize) {
        tf.tidy(() => {
          const idx = tf.tensor1d(order.slice(start, start + options.batchSize), 'int32');
          const z = tf.gather(features, idx);
          const s = tf.gather(target, idx);
          const { grads } = tf.variableGrads(
            () => taskLoss(stethoscope.task, stethoscope.head.apply(z), s),
            variables,
          );
          optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
        });
      }
      options.onEpoch?.(epoch);
    }
  } finally {
    optimizer.dispose();
    target.dispose();
  }
}

/** Accuracy of the head of `stethoscope` on `features` against `labels`. */
export function headAccuracy(stethoscope: Stethoscope, features: tf.Tensor2D, labels: Int32Array): number {
  return tf.tidy(() => {
    const target = labelTensor(stethoscope, labels);
    const accuracy = taskAccuracy(stethoscope.task, stethoscope.head.apply(features), target);
    return accuracy ? accuracy.dataSync()[0]! : Number.NaN;
  });
}
