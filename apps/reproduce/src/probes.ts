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
import {
  createStethoscope,
  evaluateHeadOnFeatures,
  majorityClassAccuracy,
  resolveTap,
  shuffleWithinGroups,
  trainHeadOnFeatures,
} from '@steth/core';
import { ORIGIN_CLASSES, type TowerExample } from '@steth/datasets';
import type * as tf from '@tensorflow/tfjs';
import { computeFrozenFeatures, type FeedOptions } from './frozen-features';
import { headOptimizer } from './head-fitting';
import type { ProbeSettings, TowerTask } from './settings';

export const PROBE_TASKS: readonly TowerTask[] = ['global', 'local', 'origin'];

/**
 * Probes every tap of `settings` for every task; returns flat metrics
 * `probe/<task>/<tap>`, `control/<task>/<tap>` and `chance/<task>`.
 */
export async function runProbes(
  model: tf.LayersModel,
  data: { train: readonly TowerExample[]; test: readonly TowerExample[] },
  settings: ProbeSettings,
  feed: FeedOptions,
  seed: number,
): Promise<Record<string, number>> {
  const metrics: Record<string, number> = {};
  const make = (tap: string, task: TowerTask, salt: number) =>
    createStethoscope(model, {
      name: `probe-${task}`,
      tap,
      task: task === 'origin' ? 'n-way' : 'binary',
      classes: task === 'origin' ? ORIGIN_CLASSES : undefined,
      hidden: settings.hidden,
      connection: 'sparse',
      nonZeros: settings.nonZeros,
      seed: seed * 1000 + salt,
    });
  const taps = settings.taps.map((tap) => resolveTap(model, tap).tensor);
  const train = await computeFrozenFeatures(model, taps, data.train, feed);
  const test = await computeFrozenFeatures(model, taps, data.test, feed);
  try {
    for (const task of PROBE_TASKS) {
      metrics[`chance/${task}`] = majorityClassAccuracy(train.labels[task], test.labels[task]);
      const groups = task === 'global' ? undefined : Array.from(train.labels.global);
      const control = Int32Array.from(shuffleWithinGroups(train.labels[task], groups, seed + 17));
      settings.taps.forEach((tap, t) => {
        for (const [kind, labels] of [
          ['probe', train.labels[task]],
          ['control', control],
        ] as const) {
          const probe = make(tap, task, t * 2 + (kind === 'control' ? 1 : 0));
          try {
            trainHeadOnFeatures(probe, train.features[t]!, labels, {
              epochs: settings.epochs,
              batchSize: 64,
              optimizer: headOptimizer(settings.learningRate),
              seed: seed + t,
            });
            const scored = evaluateHeadOnFeatures(probe, test.features[t]!, test.labels[task]);
            metrics[`${kind}/${task}/${tap}`] = scored.accuracy ?? Number.NaN;
          } finally {
            probe.dispose();
          }
        }
      });
    }
    return metrics;
  } finally {
    train.dispose();
    test.dispose();
  }
}
