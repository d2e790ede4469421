/**
 * Scoring a stethoscope's head on cached features of a frozen network
 * (paper Section 3, lambda = 0 with theta fixed). The heads themselves are
 * trained by @steth/core's `trainHeadOnFeatures` (shuffled minibatches per
 * epoch, one optimiser for the whole fit); this holds what Fig. 4's probes
 * and Fig. 7's recovery share around it.
 */
import { labelTensorOf, type Stethoscope, taskAccuracy } from '@steth/core';
import * as tf from '@tensorflow/tfjs';

/** The optimiser of every head fit: RMSProp without momentum, decay 0.9. */
export function headOptimizer(learningRate: number): () => tf.Optimizer {
  return () => tf.train.rmsprop(learningRate, 0.9);
}

/** Accuracy of the head of `stethoscope` on `features` against `labels`. */
export function headAccuracy(stethoscope: Stethoscope, features: tf.Tensor2D, labels: Int32Array): number {
  return tf.tidy(() => {
    const target = labelTensorOf(stethoscope.task, labels);
    const accuracy = taskAccuracy(stethoscope.task, stethoscope.head.apply(features), target);
    return accuracy ? accuracy.dataSync()[0]! : Number.NaN;
  });
}
