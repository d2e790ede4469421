/**
 * Fig. 4 of the paper: analytic stethoscopes with sparse first layers
 * (Section 3) at the output of every inception and reduction module of the
 * trained main network, for three tasks: global stability, local stability,
 * and the origin of global instability (n-way: stable or the interface where
 * it starts). Each probe trains on the frozen network's cached features of
 * the training towers and is scored on the test towers, beside two
 * baselines: chance (always the training majority class) and a control task
 * (Hewitt & Liang 2019: the same probe on labels shuffled within each
 * global-stability class, so it can only use what the layer says about
 * global stability).
 */
import { labelTensorOf, measureAccessibility, resolveTap } from '@steth/core';
import { ORIGIN_CLASSES, type TowerExample } from '@steth/datasets';
import * as tf from '@tensorflow/tfjs';
import { computeFrozenFeatures, type FeedOptions } from './frozen-features';
import { headOptimizer } from './head-fitting';
import type { ProbeSettings, TowerTask } from './settings';

export const PROBE_TASKS: readonly TowerTask[] = ['global', 'local', 'origin'];

/**
 * Probes every tap of `settings` for every task with core's
 * `measureAccessibility` on features extracted once for all taps; returns
 * flat metrics `probe/<task>/<tap>`, `control/<task>/<tap>` and
 * `chance/<task>`. Seeds: the probe at tap t starts from `seed * 1000 + 2t`,
 * its control from `seed * 1000 + 2t + 1`; control labels are shuffled with
 * `seed + 17`; minibatches are drawn with `seed + t`.
 */
export async function runProbes(
  model: tf.LayersModel,
  data: { train: readonly TowerExample[]; test: readonly TowerExample[] },
  settings: ProbeSettings,
  feed: FeedOptions,
  seed: number,
): Promise<Record<string, number>> {
  const metrics: Record<string, number> = {};
  const taps = settings.taps.map((tap) => resolveTap(model, tap).tensor);
  const train = await computeFrozenFeatures(model, taps, data.train, feed);
  const test = await computeFrozenFeatures(model, taps, data.test, feed);
  const labels: tf.Tensor[] = [];
  try {
    for (const task of PROBE_TASKS) {
      const kind = task === 'origin' ? 'n-way' : 'binary';
      const spec = { kind, outputs: task === 'origin' ? ORIGIN_CLASSES : 1 } as const;
      const trainLabels = labelTensorOf(spec, train.labels[task]);
      const testLabels = labelTensorOf(spec, test.labels[task]);
      labels.push(trainLabels, testLabels);
      settings.taps.forEach((tap, t) => {
        const report = measureAccessibility({
          model,
          probe: {
            name: `probe-${task}`,
            tap,
            task: kind,
            classes: task === 'origin' ? ORIGIN_CLASSES : undefined,
            hidden: settings.hidden,
            connection: 'sparse',
            nonZeros: settings.nonZeros,
            seed: seed * 1000 + t * 2,
          },
          controlInitSeed: seed * 1000 + t * 2 + 1,
          controlShuffleSeed: seed + 17,
          // the control keeps what the layer says about global stability, and only that
          train: {
            features: train.features[t]!,
            s: trainLabels,
            groups: task === 'global' ? undefined : train.labels.global,
          },
          test: { features: test.features[t]!, s: testLabels },
          epochs: settings.epochs,
          batchSize: 64,
          optimizer: headOptimizer(settings.learningRate),
          seed: seed + t,
        });
        metrics[`chance/${task}`] = report.chance;
        metrics[`probe/${task}/${tap}`] = report.accuracy;
        metrics[`control/${task}/${tap}`] = report.controlAccuracy;
      });
    }
    return metrics;
  } finally {
    tf.dispose(labels);
    train.dispose();
    test.dispose();
  }
}
