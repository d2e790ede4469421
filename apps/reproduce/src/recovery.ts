/**
 * Appendix A, Fig. 7 of the paper: is information about local stability
 * removed by adversarial training, or only made harder to read? After the
 * main network has trained against the stethoscope, theta is frozen and the
 * same stethoscope keeps training on the frozen network's features (towers
 * of every category). Its test accuracy after each further epoch is the
 * recovery curve; the paper saw it climb back to the analytic (lambda = 0)
 * baseline.
 */
import { evaluateHeadOnFeatures, type Stethoscope, trainHeadOnFeatures } from '@steth/core';
import type { TowerExample } from '@steth/datasets';
import type * as tf from '@tensorflow/tfjs';
import { computeFrozenFeatures, type FeedOptions } from './frozen-features';
import { headOptimizer } from './head-fitting';

/**
 * Trains `stethoscope` on the frozen `model` for `epochs` epochs; returns
 * flat metrics `recovery/<epoch>` (test accuracy; epoch 0 is before any
 * further training).
 */
export async function runRecovery(
  model: tf.LayersModel,
  stethoscope: Stethoscope,
  task: 'local' | 'origin',
  data: { train: readonly TowerExample[]; test: readonly TowerExample[] },
  options: { epochs: number; learningRate: number; seed: number },
  feed: FeedOptions,
): Promise<Record<string, number>> {
  const train = await computeFrozenFeatures(model, [stethoscope.tap], data.train, feed);
  const test = await computeFrozenFeatures(model, [stethoscope.tap], data.test, feed);
  const metrics: Record<string, number> = {};
  const score = (epoch: number) => {
    const scored = evaluateHeadOnFeatures(stethoscope, test.features[0]!, test.labels[task]);
    metrics[`recovery/${epoch}`] = scored.accuracy ?? Number.NaN;
  };
  try {
    score(0);
    trainHeadOnFeatures(stethoscope, train.features[0]!, train.labels[task], {
      epochs: options.epochs,
      batchSize: 64,
      optimizer: headOptimizer(options.learningRate),
      seed: options.seed,
      onEpoch: score,
    });
    return metrics;
  } finally {
    train.dispose();
    test.dispose();
  }
}
