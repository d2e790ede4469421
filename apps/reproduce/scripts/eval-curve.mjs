#!/usr/bin/env node
/**
 * Learning curve of a main network on the eval split (paper Section 4's main
 * task, global stability), one line of JSON per epoch: training accuracy,
 * and eval accuracy on easy (A, D) and hard (B, C) towers. This is how the
 * cpu profile's network, optimiser and epochs were chosen without looking
 * at the test split.
 *
 *   node scripts/eval-curve.mjs --data DIR [--model tower-cnn] [--widths 16,32,64,128]
 *     [--split easy|all|hard] [--epochs 12] [--seed 0] [--lr 1e-3] [--epoch-decay 0.8]
 *     [--flip 0.5] [--size 112] [--cameras 1,7] [--train-towers N] [--recalibrate-bn B]
 *
 * DIR is a tower dataset made by `steth gen towers`. `--train-towers N` keeps
 * the first N towers of the training set (after the --split filter, in the
 * split file's order), so one large dataset measures how accuracy grows with
 * the number of training towers against the same eval towers.
 * `--recalibrate-bn B` also evaluates each epoch with batch norm's moving
 * statistics replaced by the exact average over B training batches (the
 * moving averages trail the weights); the trained statistics are restored
 * afterwards, so training is the same as without it.
 */
import { parseArgs } from 'node:util';
import {
  batchNormLayers,
  createStethoscopeTrainer,
  exponentialDecayLearningRate,
  labelTensorOf,
  recalibrateBatchNorm,
} from '@steth/core';
import { loadBackend } from '@steth/core/node';
import { createImageCache, isEasyCategory, readShapeStacks, towerBatches } from '@steth/datasets';
import { createModel } from '@steth/models';
import * as tf from '@tensorflow/tfjs';

const { values: o } = parseArgs({
  options: {
    data: { type: 'string' },
    model: { type: 'string', default: 'tower-cnn' },
    widths: { type: 'string' },
    split: { type: 'string', default: 'easy' },
    epochs: { type: 'string', default: '12' },
    seed: { type: 'string', default: '0' },
    lr: { type: 'string', default: '1e-3' },
    'epoch-decay': { type: 'string', default: '0.8' },
    flip: { type: 'string', default: '0.5' },
    size: { type: 'string', default: '112' },
    cameras: { type: 'string', default: '1,7' },
    'train-towers': { type: 'string' },
    'recalibrate-bn': { type: 'string', default: '0' },
  },
});
if (!o.data) {
  process.stderr.write('eval-curve: --data <tower dataset folder> is required\n');
  process.exit(1);
}
await loadBackend();
const size = Number(o.size);
const seed = Number(o.seed);
const lr = Number(o.lr);
const cameras = o.cameras.split(',').map(Number);
const read = (subset) => readShapeStacks({ root: o.data, split: 'all', subset, cameras }).examples;
const isEasy = (e) => isEasyCategory(e.category);
/** Global stability: one logit, labels 0/1 as `[n, 1]` floats. */
const GLOBAL_TASK = { kind: 'binary', outputs: 1 };
const firstTowers = (examples, count) => {
  if (count === undefined) return examples;
  const kept = new Set();
  for (const e of examples) {
    if (kept.size === count) break;
    kept.add(e.scenario);
  }
  if (kept.size < count)
    throw new RangeError(`--train-towers ${count}: the training set has only ${kept.size} towers`);
  return examples.filter((e) => kept.has(e.scenario));
};
const train = firstTowers(
  read('train').filter((e) => o.split === 'all' || (o.split === 'easy') === isEasy(e)),
  o['train-towers'] === undefined ? undefined : Number(o['train-towers']),
);
process.stderr.write(`eval-curve: ${train.length} training images, cameras ${cameras.join(',')}\n`);
const evalSet = read('eval');
const config = { inputSize: size, outputs: 1, seed };
if (o.widths) config.widths = o.widths.split(',').map(Number);
const { model } = createModel(o.model, config);
const trainer = createStethoscopeTrainer({
  model,
  mainTask: 'binary',
  optimizer: () => tf.train.adam(lr),
  // lr * decay^epoch, applied by trainer.setEpoch
  learningRate: exponentialDecayLearningRate({ initial: lr, decay: Number(o['epoch-decay']) }),
  seed,
});
const feed = {
  batchSize: 32,
  imageSize: size,
  scale: 'centered',
  imageCache: createImageCache(),
  workers: 0,
  seed,
};
const recalibrateBatches = Number(o['recalibrate-bn']);
const batchNorms = batchNormLayers(model);
/** The eval towers as trainer batches, each tower's category being easy or hard. */
async function* evalBatches() {
  for await (const b of towerBatches(evalSet, { ...feed, epoch: 0, shuffle: false })) {
    const x = tf.tensor4d(b.images, [b.size, size, size, 3]);
    const y = labelTensorOf(GLOBAL_TASK, b.globalLabels);
    try {
      yield { x, y, categories: b.examples.map((e) => (isEasy(e) ? 'easy' : 'hard')) };
    } finally {
      tf.dispose([x, y]);
    }
  }
}
/** Eval accuracy on easy and hard towers, through the trainer's own evaluation (inference mode). */
async function evaluate() {
  const { mainPerCategory } = await trainer.evaluate(evalBatches());
  return { easy: mainPerCategory.easy.accuracy, hard: mainPerCategory.hard.accuracy };
}
/** The training towers in a fresh order, as model inputs for {@link recalibrateBatchNorm}. */
async function* recalibrationBatches(epoch) {
  for await (const b of towerBatches(train, { ...feed, epoch: 1000 + epoch, shuffle: true })) {
    const x = tf.tensor4d(b.images, [b.size, size, size, 3]);
    try {
      yield x;
    } finally {
      x.dispose();
    }
  }
}
const augment = Number(o.flip) > 0 ? { flipProbability: Number(o.flip) } : undefined;
for (let epoch = 0; epoch < Number(o.epochs); epoch++) {
  trainer.setEpoch(epoch);
  const started = performance.now();
  let correct = 0;
  let seen = 0;
  for await (const b of towerBatches(train, { ...feed, epoch, shuffle: true, augment })) {
    const x = tf.tensor4d(b.images, [b.size, size, size, 3]);
    const y = labelTensorOf(GLOBAL_TASK, b.globalLabels);
    correct += trainer.step({ x, y }).mainAccuracy * b.size;
    seen += b.size;
    tf.dispose([x, y]);
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const hits = await evaluate();
  let recalibrated;
  if (recalibrateBatches > 0) {
    const saved = batchNorms.map((l) => [l.movingMean.read().clone(), l.movingVariance.read().clone()]);
    await recalibrateBatchNorm(model, recalibrationBatches(epoch), { maxBatches: recalibrateBatches });
    recalibrated = await evaluate();
    batchNorms.forEach((l, i) => {
      l.movingMean.write(saved[i][0]);
      l.movingVariance.write(saved[i][1]);
    });
    tf.dispose(saved.flat());
  }
  const round = (x) => Math.round(x * 1000) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      epoch: epoch + 1,
      train: round(correct / seen),
      evalEasy: round(hits.easy),
      evalHard: round(hits.hard),
      trainSeconds: round(trainSeconds),
      ...(recalibrated
        ? {
            recalibratedEasy: round(recalibrated.easy),
            recalibratedHard: round(recalibrated.hard),
          }
        : {}),
    })}\n`,
  );
}
trainer.dispose();
model.dispose();
