/**
 * Honest accessibility scores for the analytic stethoscope (paper Section 3,
 * Figure 4): how well a fresh probe reads a supplemental task from a frozen
 * layer, next to the baselines that say what that number means.
 *
 * - chance: accuracy of always predicting the training set's majority class;
 * - control task (Hewitt & Liang 2019): the same probe, same budget, trained
 *   on the labels shuffled within each group (e.g. within each main-task
 *   class), then measured against the true labels. It can only exploit what
 *   the layer says about the group, so
 * - selectivity = accuracy - control accuracy is the part of the accuracy
 *   that comes from information about the supplemental task itself. Without
 *   groups the labels are shuffled globally and control sits near chance.
 * - per-category accuracy, when categories are given (e.g. the paper's easy
 *   and hard towers).
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';
import {
  computeTapFeatures,
  evaluateHeadOnFeatures,
  type FreshStethoscopeOptions,
  trainHeadOnFeatures,
} from './freeze';
import type { CategoryAccuracy } from './metrics';
import { createSeededRandom, shuffleWith } from './random';
import { createStethoscope, type StethoscopeConfig } from './stethoscope';

/**
 * Examples as model input(s) `x`, or as features already computed at the
 * probe's tap (e.g. by extractTapFeatures, shared by several probes), so no
 * second feature pass runs.
 */
export type ProbeInput =
  | { x: tf.Tensor | tf.Tensor[]; features?: undefined }
  | { features: tf.Tensor; x?: undefined };

export interface AccessibilityConfig extends FreshStethoscopeOptions {
  /** The frozen main network. */
  model: tf.LayersModel;
  /** The probe: tap, task (binary with one output, or n-way), head settings. `name` defaults to 'probe'. */
  probe: Omit<StethoscopeConfig, 'lambda' | 'objective' | 'name'> & { name?: string };
  /** Training data; `groups` (one per example) are the classes within which the control labels are shuffled. */
  train: ProbeInput & { s: tf.Tensor; groups?: ArrayLike<string | number> };
  /** Held-out data; `categories` (one per example) give per-category accuracy. */
  test: ProbeInput & { s: tf.Tensor; categories?: ArrayLike<string | number> };
  /**
   * Seed of the control probe's initial weights (default: `probe.seed`, so
   * the probe and its control start from the same weights).
   */
  controlInitSeed?: number;
  /** Seed of the within-group shuffle of the control labels (default `seed + 1`). */
  controlShuffleSeed?: number;
}

export interface AccessibilityReport {
  /** Probe accuracy on the test data. */
  accuracy: number;
  /** Accuracy of always predicting the training majority class, on the test data. */
  chance: number;
  /** Control probe (shuffled labels) accuracy against the true test labels. */
  controlAccuracy: number;
  /** accuracy - controlAccuracy. */
  selectivity: number;
  /** Probe test loss. */
  loss: number;
  /** Test accuracy per category, when categories were given. */
  perCategory?: Record<string, CategoryAccuracy>;
}

/** Labels shuffled within each group (a seeded permutation per group). */
export function shuffleWithinGroups(
  labels: ArrayLike<number>,
  groups: ArrayLike<string | number> | undefined,
  seed: number,
): number[] {
  const random = createSeededRandom(seed);
  const out = Array.from(labels);
  const byGroup = new Map<string, number[]>();
  for (let i = 0; i < out.length; i++) {
    const key = groups ? String(groups[i]) : '';
    const list = byGroup.get(key) ?? [];
    list.push(i);
    byGroup.set(key, list);
  }
  for (const indices of byGroup.values()) {
    const values = shuffleWith(
      indices.map((i) => out[i]!),
      random,
    );
    indices.forEach((i, k) => {
      out[i] = values[k]!;
    });
  }
  return out;
}

/**
 * Chance accuracy: the accuracy on `test` of always predicting the most
 * common label of `train` (the smallest such label on a tie). Labels are
 * class indices, e.g. an Int32Array or a label tensor's `dataSync()`. NaN
 * when `test` is empty; throws when `train` is.
 */
export function majorityClassAccuracy(train: ArrayLike<number>, test: ArrayLike<number>): number {
  if (train.length === 0) {
    throw new InvalidArgumentError('majorityClassAccuracy needs at least one training label.');
  }
  const counts = new Map<number, number>();
  for (let i = 0; i < train.length; i++) counts.set(train[i]!, (counts.get(train[i]!) ?? 0) + 1);
  let majority = Number.NaN;
  let most = 0;
  for (const [label, count] of counts) {
    if (count > most || (count === most && label < majority)) {
      majority = label;
      most = count;
    }
  }
  let hits = 0;
  for (let i = 0; i < test.length; i++) if (test[i] === majority) hits++;
  return hits / test.length;
}

/** Trains a probe and its control on frozen features and reports accuracy, chance, control and selectivity. */
export function measureAccessibility(config: AccessibilityConfig): AccessibilityReport {
  const { model, probe, train, test, seed = 0 } = config;
  if (probe.task === 'regression' || (probe.task === 'binary' && (probe.outputs ?? 1) !== 1)) {
    throw new InvalidArgumentError(
      'measureAccessibility needs a classification probe: binary with one output, or n-way.',
    );
  }
  const trainLabels = Array.from(train.s.dataSync());
  if (train.groups && train.groups.length !== trainLabels.length) {
    throw new InvalidArgumentError(
      `Got ${train.groups.length} groups for ${trainLabels.length} training examples; give one per example.`,
    );
  }
  const name = probe.name ?? 'probe';
  const main = createStethoscope(model, { ...probe, name, lambda: 0 });
  const control = createStethoscope(model, {
    ...probe,
    name: `${name}-control`,
    lambda: 0,
    seed: config.controlInitSeed ?? probe.seed,
  });
  const owned: tf.Tensor[] = [];
  const featuresOf = (input: ProbeInput, which: string) => {
    if (input.features) {
      checkFeatureWidth(input.features, main.tap, which);
      return input.features;
    }
    if (!input.x) {
      throw new InvalidArgumentError(`measureAccessibility: ${which} needs x (model inputs) or features.`);
    }
    const computed = computeTapFeatures(model, main.tap, input.x, config.featureBatchSize);
    owned.push(computed);
    return computed;
  };
  try {
    const trainFeatures = featuresOf(train, 'train');
    const testFeatures = featuresOf(test, 'test');
    const controlLabels = tf.tensor(
      shuffleWithinGroups(trainLabels, train.groups, config.controlShuffleSeed ?? seed + 1),
      train.s.shape,
      train.s.dtype,
    );
    owned.push(controlLabels);
    trainHeadOnFeatures(main, trainFeatures, train.s, config);
    trainHeadOnFeatures(control, trainFeatures, controlLabels, config);
    const result = evaluateHeadOnFeatures(main, testFeatures, test.s, test.categories);
    const controlResult = evaluateHeadOnFeatures(control, testFeatures, test.s);
    const chance = majorityClassAccuracy(trainLabels, test.s.dataSync());
    const report: AccessibilityReport = {
      accuracy: result.accuracy!,
      chance,
      controlAccuracy: controlResult.accuracy!,
      selectivity: result.accuracy! - controlResult.accuracy!,
      loss: result.loss,
    };
    if (result.perCategory) report.perCategory = result.perCategory;
    return report;
  } finally {
    tf.dispose(owned);
    main.dispose();
    control.dispose();
  }
}

/** Features given for a tap must hold its values per example (its shape, or flattened). */
function checkFeatureWidth(features: tf.Tensor, tap: tf.SymbolicTensor, which: string): void {
  const width = (shape: readonly (number | null)[]) =>
    shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  if (width(features.shape) !== width(tap.shape)) {
    throw new InvalidArgumentError(
      `measureAccessibility: the ${which} features have shape [${features.shape}], but the probe's tap ` +
        `"${tap.name}" has shape [${tap.shape}] (${width(tap.shape)} values per example). ` +
        'Give features computed at the same tap (its shape or flattened).',
    );
  }
}
