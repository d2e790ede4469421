/**
 * One tower training run (paper Section 4, Figs. 3 and 6): the main network
 * (Inception-v4, one logit) learns global stability on the towers of the
 * point's training split; an optional stethoscope at `tap` learns local
 * stability on towers of every category (Fig. 6: "training data for the
 * supplementary task comprises both easy and hard scenarios"), weighted by
 * lambda through @steth/core's trainer (flipped labels when lambda < 0).
 * Each epoch alternates a batch of the main split (global and local labels)
 * with a batch of the other towers (local labels only), so the hard towers'
 * global labels are never seen when training on easy ones.
 * Evaluation: accuracy per category on the balanced test split.
 */
import { performance } from 'node:perf_hooks';
import { createStethoscope, createStethoscopeTrainer, type Stethoscope } from '@steth/core';
import {
  readShapeStacks,
  type TowerBatch,
  type TowerCategory,
  type TowerExample,
  towerBatches,
} from '@steth/datasets';
import { createModel } from '@steth/models';
import * as tf from '@tensorflow/tfjs';
import { CATEGORIES, type RmsPropSettings, type TowerMetrics, type TowerPoint } from './settings';

/** RMSProp whose learning rate can be lowered after each epoch (the paper's 0.975 decay). */
export interface DecayingRmsProp {
  factory: () => tf.Optimizer;
  /** Sets the learning rate of every optimiser made so far to lr * epochDecay^epoch. */
  setEpoch(epoch: number): void;
}

/** RMSProp without momentum, as TensorFlow's in the paper, with a per-epoch learning-rate decay. */
export function decayingRmsProp(settings: RmsPropSettings): DecayingRmsProp {
  const made: tf.Optimizer[] = [];
  return {
    factory: () => {
      const optimizer = tf.train.rmsprop(settings.learningRate, settings.decay, 0, settings.epsilon);
      made.push(optimizer);
      return optimizer;
    },
    setEpoch(epoch) {
      for (const optimizer of made) {
        // tfjs reads the field on every update; it is not public in the typings.
        (optimizer as unknown as { learningRate: number }).learningRate =
          settings.learningRate * settings.epochDecay ** epoch;
      }
    },
  };
}

/** Which category a tower example is; throws if the dataset had no manifest. */
function categoryOf(example: TowerExample): TowerCategory {
  if (!example.category) {
    throw new Error(`${example.imagePath} has no category: the dataset needs a manifest.jsonl.`);
  }
  return example.category;
}

/** Accuracy per category, easy, hard and mean from per-example hits. */
export function summariseHits(
  hits: readonly { category: TowerCategory; correct: boolean }[],
): Pick<
  TowerMetrics,
  'accuracyA' | 'accuracyB' | 'accuracyC' | 'accuracyD' | 'accuracyMean' | 'accuracyEasy' | 'accuracyHard'
> {
  const rate = (keep: (c: TowerCategory) => boolean) => {
    const chosen = hits.filter((h) => keep(h.category));
    return chosen.length === 0 ? Number.NaN : chosen.filter((h) => h.correct).length / chosen.length;
  };
  const [a, b, c, d] = CATEGORIES.map((cat) => rate((x) => x === cat)) as [number, number, number, number];
  return {
    accuracyA: a,
    accuracyB: b,
    accuracyC: c,
    accuracyD: d,
    accuracyMean: (a + b + c + d) / 4,
    accuracyEasy: rate((x) => x === 'A' || x === 'D'),
    accuracyHard: rate((x) => x === 'B' || x === 'C'),
  };
}

const isEasy = (e: TowerExample) => e.category === 'A' || e.category === 'D';

/** The training examples of the main task and of the stethoscope-only stream. */
export function splitTrainingExamples(
  examples: readonly TowerExample[],
  trainSplit: TowerPoint['trainSplit'],
  withStethoscope: boolean,
): { main: TowerExample[]; stethoscopeOnly: TowerExample[] } {
  for (const e of examples) categoryOf(e);
  const inMain = (e: TowerExample) => trainSplit === 'all' || (trainSplit === 'easy') === isEasy(e);
  return {
    main: examples.filter(inMain),
    stethoscopeOnly: withStethoscope ? examples.filter((e) => !inMain(e)) : [],
  };
}

function imagesOf(batch: TowerBatch, size: number): tf.Tensor4D {
  return tf.tensor4d(batch.images, [batch.size, size, size, 3]);
}

function binaryLabels(labels: Int32Array): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(labels), [labels.length, 1]);
}

/** Trains and evaluates one (point, seed). */
export async function runTowerTrial(point: TowerPoint, seed: number): Promise<TowerMetrics> {
  const started = performance.now();
  const s = point.settings;
  const read = (subset: 'train' | 'test') =>
    readShapeStacks({ root: s.dataDir, split: 'all', subset, cameras: s.cameras }).examples;
  const { main, stethoscopeOnly } = splitTrainingExamples(
    read('train'),
    point.trainSplit,
    point.task !== null,
  );
  const test = read('test');
  const { model } = createModel(s.model, {
    inputSize: s.imageSize,
    outputs: 1,
    seed,
    dropoutKeepProb: s.dropoutKeepProb,
    batchNorm: s.batchNorm,
  });
  let stethoscope: Stethoscope | undefined;
  if (point.task && point.tap) {
    stethoscope = createStethoscope(model, {
      name: point.task,
      tap: point.tap,
      task: 'binary',
      hidden: s.stethoscopeHidden,
      lambda: point.lambda,
      objective: 'flipped-labels',
      seed: seed + 1,
    });
  }
  const mainOptimizer = decayingRmsProp(s.optimizer);
  const trainer = createStethoscopeTrainer({
    model,
    mainTask: 'binary',
    stethoscopes: stethoscope ? [stethoscope] : [],
    optimizer: mainOptimizer.factory,
    stethoscopeOptimizer: () => tf.train.rmsprop(s.stethoscopeLearningRate, 0.9),
    seed,
  });
  const batchOptions = (epoch: number, shuffle = true) => ({
    batchSize: s.batchSize,
    imageSize: s.imageSize,
    scale: s.pixelScale,
    seed,
    epoch,
    shuffle,
    workers: 0,
  });
  try {
    let correct = 0;
    let seen = 0;
    for (let epoch = 0; epoch < s.epochs; epoch++) {
      mainOptimizer.setEpoch(epoch);
      const extra =
        stethoscopeOnly.length > 0 ? towerBatches(stethoscopeOnly, batchOptions(epoch + 7919)) : undefined;
      for await (const batch of towerBatches(main, batchOptions(epoch))) {
        const x = imagesOf(batch, s.imageSize);
        const y = binaryLabels(batch.globalLabels);
        const local = stethoscope ? binaryLabels(batch.localLabels!) : undefined;
        try {
          const record = trainer.step({ x, y, s: local ? { [point.task!]: local } : undefined });
          if (!Number.isFinite(record.mainLoss ?? 0)) {
            throw new Error(
              `Training diverged (main loss ${record.mainLoss}) at step ${record.step} of ${pointLabel(point)}, seed ${seed}; lower the learning rate.`,
            );
          }
          if (epoch === s.epochs - 1) {
            correct += (record.mainAccuracy ?? 0) * batch.size;
            seen += batch.size;
          }
        } finally {
          tf.dispose(local ? [x, y, local] : [x, y]);
        }
        const other = extra ? await extra.next() : undefined;
        if (other && !other.done) {
          const ox = imagesOf(other.value, s.imageSize);
          const ol = binaryLabels(other.value.localLabels!);
          try {
            trainer.step({ x: ox, s: { [point.task!]: ol } });
          } finally {
            tf.dispose([ox, ol]);
          }
        }
      }
      if (extra) await extra.return(undefined);
    }
    const hits: { category: TowerCategory; correct: boolean }[] = [];
    let stethHits = 0;
    for await (const batch of towerBatches(test, batchOptions(0, s.batchNorm))) {
      const [mainT, stethT] = tf.tidy(() => {
        // With batch norm, evaluate on (shuffled, mixed) batch statistics: TF-slim's moving averages
        // (decay 0.9997) are still near their initial values after a few hundred steps.
        const { taps, output } = trainer.tapped.run(imagesOf(batch, s.imageSize), s.batchNorm);
        const predicted = output.greater(0).reshape([-1]);
        const steth = stethoscope ? stethoscope.head.apply(taps[0]!).greater(0).reshape([-1]) : undefined;
        return [predicted, steth];
      });
      const predicted = mainT.dataSync();
      const stethPredicted = stethT?.dataSync();
      tf.dispose([mainT, stethT].filter((t): t is tf.Tensor => t !== undefined));
      batch.examples.forEach((example, i) => {
        hits.push({ category: categoryOf(example), correct: predicted[i] === example.globalLabel });
        if (stethPredicted && stethPredicted[i] === example.localLabel) stethHits++;
      });
    }
    return {
      ...summariseHits(hits),
      stethoscopeAccuracy: stethoscope ? stethHits / hits.length : Number.NaN,
      trainAccuracy: seen > 0 ? correct / seen : Number.NaN,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    trainer.dispose();
    stethoscope?.dispose();
    model.dispose();
  }
}

/** Short human label of a point for messages. */
export function pointLabel(point: TowerPoint): string {
  return `${point.figure} (train on ${point.trainSplit}${point.task ? `, ${point.task} stethoscope at ${point.tap}, lambda ${point.lambda}` : ''})`;
}
