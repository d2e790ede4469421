/**
 * One tower training run (paper Section 4): the main network (Inception-v4,
 * one logit) learns global stability on the towers of the point's training
 * split; an optional stethoscope at `tap` learns its supplemental task,
 * weighted by lambda through @steth/core's trainer (flipped labels when
 * lambda < 0). A local-stability stethoscope trains on towers of every
 * category (Fig. 6: "training data for the supplementary task comprises
 * both easy and hard scenarios"): each step of the main split is followed by
 * a step on the other towers with local labels only, so the hard towers'
 * global labels are never seen when training on easy ones. An origin
 * stethoscope (Fig. 5) trains on the main split alone.
 * Evaluation: batch norm's statistics recalibrated on training batches
 * when the settings ask (@steth/core's `recalibrateBatchNorm`), then
 * @steth/core's trainer evaluation, accuracy per category on the balanced
 * test split (on batch statistics when the settings ask); then
 * the point's analyses on the frozen network (Fig. 4's probes, Fig. 7's
 * recovery).
 */
import { performance } from 'node:perf_hooks';
import {
  assertFiniteLoss,
  type CategoryAccuracy,
  createStethoscope,
  createStethoscopeTrainer,
  exponentialDecayLearningRate,
  type LearningRateSchedule,
  labelTensorOf,
  recalibrateBatchNorm,
  type Stethoscope,
  type StethoscopeBatch,
  type TaskSpec,
} from '@steth/core';
import {
  createImageCache,
  type ImageCache,
  isEasyCategory,
  ORIGIN_CLASSES,
  readShapeStacks,
  type TowerBatch,
  type TowerCategory,
  type TowerExample,
  towerBatches,
} from '@steth/datasets';
import { createModel } from '@steth/models';
import * as tf from '@tensorflow/tfjs';
import type { FeedOptions } from './frozen-features';
import { headOptimizer } from './head-fitting';
import { runProbes } from './probes';
import { runRecovery } from './recovery';
import {
  CATEGORIES,
  type OptimizerSettings,
  type PointStethoscope,
  type RunSettings,
  type TowerMetrics,
  type TowerPoint,
} from './settings';

/** The main optimiser and its per-epoch learning-rate decay (the paper's 0.975), applied by the trainer. */
export interface MainOptimizer {
  factory: () => tf.Optimizer;
  /** lr * epochDecay^epoch. */
  learningRate: LearningRateSchedule;
}

/** RMSProp without momentum, as TensorFlow's in the paper, or Adam, with a per-epoch learning-rate decay. */
export function mainOptimizer(settings: OptimizerSettings): MainOptimizer {
  return {
    factory: () =>
      settings.kind === 'adam'
        ? tf.train.adam(settings.learningRate)
        : tf.train.rmsprop(settings.learningRate, settings.decay, 0, settings.epsilon),
    learningRate: exponentialDecayLearningRate({
      initial: settings.learningRate,
      decay: settings.epochDecay,
    }),
  };
}

/**
 * The decoded towers of this process's dataset, shared by its runs: a run reads every image once
 * per epoch, and decoding a 112 px tower (0.7 ms) is about 8% of its share of a quick-profile
 * step. The quick profile's towers take 300 MB; the budget caps the paper profile's 224 px ones.
 */
let processImages: { folders: string; cache: ImageCache } | undefined;
/** Per worker process; `STETH_IMAGE_CACHE_BYTES` sets it (0 turns the cache off). */
const IMAGE_CACHE_BYTES = Number(process.env.STETH_IMAGE_CACHE_BYTES ?? 2 ** 30);

function imageCacheFor(s: RunSettings): ImageCache {
  // keyed by image file, so one cache serves a run that trains on a second folder
  const folders = `${s.dataDir}\n${s.trainingDataDir ?? ''}`;
  if (processImages?.folders !== folders) {
    processImages?.cache.clear();
    processImages = { folders, cache: createImageCache({ maxBytes: IMAGE_CACHE_BYTES }) };
  }
  return processImages.cache;
}

/** Which category a tower example is; throws if the dataset had no manifest. */
function categoryOf(example: TowerExample): TowerCategory {
  if (!example.category) {
    throw new Error(`${example.imagePath} has no category: the dataset needs a manifest.jsonl.`);
  }
  return example.category;
}

/** Hits and examples over the categories `keep` selects, from the whole counts core's evaluation reports. */
function hitsOf(perCategory: Record<string, CategoryAccuracy>, keep: (c: TowerCategory) => boolean) {
  let hits = 0;
  let count = 0;
  for (const [category, t] of Object.entries(perCategory)) {
    if (!keep(category as TowerCategory)) continue;
    hits += t.correct;
    count += t.count;
  }
  return { hits, count };
}

/** Overall accuracy from accuracies per category (NaN if there were no examples). */
export function overallAccuracy(perCategory: Record<string, CategoryAccuracy>): number {
  const { hits, count } = hitsOf(perCategory, () => true);
  return count === 0 ? Number.NaN : hits / count;
}

/** Accuracy per category, easy, hard and mean from the accuracies per category of an evaluation. */
export function summariseCategories(
  perCategory: Record<string, CategoryAccuracy>,
): Pick<
  TowerMetrics,
  'accuracyA' | 'accuracyB' | 'accuracyC' | 'accuracyD' | 'accuracyMean' | 'accuracyEasy' | 'accuracyHard'
> {
  const rate = (keep: (c: TowerCategory) => boolean) => {
    const { hits, count } = hitsOf(perCategory, keep);
    return count === 0 ? Number.NaN : hits / count;
  };
  const [a, b, c, d] = CATEGORIES.map((cat) => rate((x) => x === cat)) as [number, number, number, number];
  return {
    accuracyA: a,
    accuracyB: b,
    accuracyC: c,
    accuracyD: d,
    accuracyMean: (a + b + c + d) / 4,
    accuracyEasy: rate(isEasyCategory),
    accuracyHard: rate((x) => !isEasyCategory(x)),
  };
}

const isEasy = (e: TowerExample) => e.category !== undefined && isEasyCategory(e.category);

/** The training examples of the main task and of the stethoscope-only stream. */
export function splitTrainingExamples(
  examples: readonly TowerExample[],
  trainSplit: TowerPoint['trainSplit'],
  stethoscope: PointStethoscope | null,
): { main: TowerExample[]; stethoscopeOnly: TowerExample[] } {
  for (const e of examples) categoryOf(e);
  const inMain = (e: TowerExample) => trainSplit === 'all' || (trainSplit === 'easy') === isEasy(e);
  return {
    main: examples.filter(inMain),
    stethoscopeOnly: stethoscope?.task === 'local' ? examples.filter((e) => !inMain(e)) : [],
  };
}

/** Global stability and local stability: one logit each, labels 0/1 as `[n, 1]` floats. */
const STABILITY_TASK: TaskSpec = { kind: 'binary', outputs: 1 };
/** Origin of global instability: `[n]` int32 class indices. */
const ORIGIN_TASK: TaskSpec = { kind: 'n-way', outputs: ORIGIN_CLASSES };

/** The main task's labels of a batch (global stability). */
function globalLabels(batch: TowerBatch): tf.Tensor {
  return labelTensorOf(STABILITY_TASK, batch.globalLabels);
}

/** The stethoscope's labels of a batch: local stability (0/1, `[n, 1]`) or origin class (`[n]` int32). */
function stethoscopeLabels(batch: TowerBatch, task: PointStethoscope['task']): tf.Tensor {
  if (task === 'origin') return labelTensorOf(ORIGIN_TASK, batch.originLabels!);
  return labelTensorOf(STABILITY_TASK, batch.localLabels!);
}

function imagesOf(batch: TowerBatch, size: number): tf.Tensor4D {
  return tf.tensor4d(batch.images, [batch.size, size, size, 3]);
}

/** The images of tower batches as model inputs; each is disposed when the next one is requested. */
async function* modelInputs(
  batches: AsyncIterable<TowerBatch>,
  imageSize: number,
): AsyncGenerator<tf.Tensor4D> {
  for await (const batch of batches) {
    const x = imagesOf(batch, imageSize);
    try {
      yield x;
    } finally {
      x.dispose();
    }
  }
}

/**
 * The test towers as trainer batches (images, global labels, the stethoscope's labels and each
 * tower's category); a batch's tensors are disposed when the next one is requested.
 */
async function* evaluationBatches(
  batches: AsyncIterable<TowerBatch>,
  imageSize: number,
  task: PointStethoscope['task'] | undefined,
): AsyncGenerator<StethoscopeBatch> {
  for await (const batch of batches) {
    const categories = batch.examples.map(categoryOf);
    const x = imagesOf(batch, imageSize);
    const y = globalLabels(batch);
    const labels = task ? stethoscopeLabels(batch, task) : undefined;
    try {
      yield { x, y, s: labels ? { [task!]: labels } : undefined, categories };
    } finally {
      tf.dispose(labels ? [x, y, labels] : [x, y]);
    }
  }
}

/** Trains and evaluates one (point, seed), then runs the point's analyses. */
export async function runTowerTrial(
  point: TowerPoint,
  seed: number,
  onEpoch?: (epoch: number, epochs: number) => void,
): Promise<TowerMetrics> {
  const started = performance.now();
  const s = point.settings;
  const steth = point.stethoscope;
  const read = (subset: 'train' | 'eval' | 'test', root = s.dataDir) =>
    readShapeStacks({ root, split: 'all', subset, cameras: s.cameras }).examples;
  // With a larger training dataset the run trains on its training split; the probes still train
  // on dataDir's (read only for them), and the run is evaluated on dataDir's test (or eval) split.
  const trainExamples = read('train', s.trainingDataDir);
  const { main, stethoscopeOnly } = splitTrainingExamples(trainExamples, point.trainSplit, steth);
  const test = read(s.evaluateOn);
  const { model } = createModel(s.model as 'inception-v4', {
    inputSize: s.imageSize,
    outputs: 1,
    seed,
    dropoutKeepProb: s.dropoutKeepProb,
    batchNorm: s.batchNorm,
    ...s.modelConfig,
  });
  let stethoscope: Stethoscope | undefined;
  if (steth) {
    stethoscope = createStethoscope(model, {
      name: steth.task,
      tap: steth.tap,
      task: steth.task === 'origin' ? 'n-way' : 'binary',
      classes: steth.task === 'origin' ? ORIGIN_CLASSES : undefined,
      hidden: s.stethoscopeHidden,
      lambda: steth.lambda,
      objective: 'flipped-labels',
      seed: seed + 1,
    });
  }
  const optimizer = mainOptimizer(s.optimizer);
  const trainer = createStethoscopeTrainer({
    model,
    mainTask: 'binary',
    stethoscopes: stethoscope ? [stethoscope] : [],
    optimizer: optimizer.factory,
    learningRate: optimizer.learningRate,
    stethoscopeOptimizer: headOptimizer(s.stethoscopeLearningRate),
    seed,
  });
  const feed: FeedOptions = {
    batchSize: s.batchSize,
    imageSize: s.imageSize,
    scale: s.pixelScale,
    imageCache: imageCacheFor(s),
  };
  const batchOptions = (epoch: number, shuffle = true) => ({ ...feed, seed, epoch, shuffle, workers: 0 });
  const trainBatchOptions = (epoch: number) => ({
    ...batchOptions(epoch),
    augment: s.flipProbability > 0 ? { flipProbability: s.flipProbability } : undefined,
  });
  try {
    let correct = 0;
    let seen = 0;
    for (let epoch = 0; epoch < s.epochs; epoch++) {
      trainer.setEpoch(epoch);
      const extra =
        stethoscopeOnly.length > 0
          ? towerBatches(stethoscopeOnly, trainBatchOptions(epoch + 7919))
          : undefined;
      for await (const batch of towerBatches(main, trainBatchOptions(epoch))) {
        const x = imagesOf(batch, s.imageSize);
        const y = globalLabels(batch);
        const labels = steth ? stethoscopeLabels(batch, steth.task) : undefined;
        try {
          const record = trainer.step({ x, y, s: labels ? { [steth!.task]: labels } : undefined });
          assertFiniteLoss(record, { run: `${pointLabel(point)}, seed ${seed}` });
          if (epoch === s.epochs - 1) {
            correct += (record.mainAccuracy ?? 0) * batch.size;
            seen += batch.size;
          }
        } finally {
          tf.dispose(labels ? [x, y, labels] : [x, y]);
        }
        const other = extra ? await extra.next() : undefined;
        if (other && !other.done) {
          const ox = imagesOf(other.value, s.imageSize);
          const ol = stethoscopeLabels(other.value, steth!.task);
          try {
            trainer.step({ x: ox, s: { [steth!.task]: ol } });
          } finally {
            tf.dispose([ox, ol]);
          }
        }
      }
      if (extra) await extra.return(undefined);
      onEpoch?.(epoch + 1, s.epochs);
    }
    if ((s.recalibrateBatchNorm ?? 0) > 0) {
      // Fresh order of the main split, no flips; its own epoch index so no training order repeats.
      await recalibrateBatchNorm(
        model,
        modelInputs(towerBatches(main, batchOptions(s.epochs + 1000)), s.imageSize),
        {
          maxBatches: s.recalibrateBatchNorm,
        },
      );
    }
    const batchStatistics = s.batchNorm && s.testWithBatchStatistics;
    // With batch statistics, evaluate on shuffled, mixed batches (see testWithBatchStatistics).
    const evaluation = await trainer.evaluate(
      evaluationBatches(towerBatches(test, batchOptions(0, batchStatistics)), s.imageSize, steth?.task),
      { split: s.evaluateOn, batchStatistics },
    );
    const metrics: TowerMetrics = {
      ...summariseCategories(evaluation.mainPerCategory ?? {}),
      stethoscopeAccuracy: steth
        ? overallAccuracy(evaluation.stethoscopes[steth.task]?.perCategory ?? {})
        : Number.NaN,
      trainAccuracy: seen > 0 ? correct / seen : Number.NaN,
      seconds: 0,
    };
    if (point.probes) {
      const probeTrain = s.trainingDataDir ? read('train') : trainExamples;
      Object.assign(metrics, await runProbes(model, { train: probeTrain, test }, s.probes, feed, seed));
    }
    if (point.recovery && stethoscope && steth) {
      // the stethoscope's own training towers: the main split, plus the rest for a local stethoscope
      const stethTrain = [...main, ...stethoscopeOnly];
      Object.assign(
        metrics,
        await runRecovery(
          model,
          stethoscope,
          steth.task,
          { train: stethTrain, test },
          { epochs: s.recoveryEpochs, learningRate: s.stethoscopeLearningRate, seed },
          feed,
        ),
      );
    }
    metrics.seconds = (performance.now() - started) / 1000;
    return metrics;
  } finally {
    trainer.dispose();
    stethoscope?.dispose();
    model.dispose();
  }
}

/** Short human label of a point for messages. */
export function pointLabel(point: TowerPoint): string {
  const st = point.stethoscope;
  return `train on ${point.trainSplit}${st ? `, ${st.task} stethoscope at ${st.tap}, lambda ${st.lambda}` : ''}`;
}
