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
 *     [--flip 0.5] [--size 112]
 *
 * DIR is a tower dataset made by `steth gen towers` (cameras 1 and 7 are read).
 */
import { parseArgs } from 'node:util';
import { createStethoscopeTrainer } from '@steth/core';
import { loadBackend } from '@steth/core/node';
import { createImageCache, readShapeStacks, towerBatches } from '@steth/datasets';
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
const read = (subset) => readShapeStacks({ root: o.data, split: 'all', subset, cameras: [1, 7] }).examples;
const isEasy = (e) => e.category === 'A' || e.category === 'D';
const train = read('train').filter((e) => o.split === 'all' || (o.split === 'easy') === isEasy(e));
const evalSet = read('eval');
const config = { inputSize: size, outputs: 1, seed };
if (o.widths) config.widths = o.widths.split(',').map(Number);
const { model } = createModel(o.model, config);
const optimizer = tf.train.adam(lr);
const trainer = createStethoscopeTrainer({ model, mainTask: 'binary', optimizer: () => optimizer, seed });
const feed = {
  batchSize: 32,
  imageSize: size,
  scale: 'centered',
  imageCache: createImageCache(),
  workers: 0,
  seed,
};
const augment = Number(o.flip) > 0 ? { flipProbability: Number(o.flip) } : undefined;
for (let epoch = 0; epoch < Number(o.epochs); epoch++) {
  optimizer.learningRate = lr * Number(o['epoch-decay']) ** epoch;
  const started = performance.now();
  let correct = 0;
  let seen = 0;
  for await (const b of towerBatches(train, { ...feed, epoch, shuffle: true, augment })) {
    const x = tf.tensor4d(b.images, [b.size, size, size, 3]);
    const y = tf.tensor2d(Float32Array.from(b.globalLabels), [b.size, 1]);
    correct += trainer.step({ x, y }).mainAccuracy * b.size;
    seen += b.size;
    tf.dispose([x, y]);
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const hits = { easy: [0, 0], hard: [0, 0] };
  for await (const b of towerBatches(evalSet, { ...feed, epoch: 0, shuffle: false })) {
    const predicted = tf.tidy(() =>
      trainer.tapped
        .run(tf.tensor4d(b.images, [b.size, size, size, 3]), false)
        .output.greater(0)
        .reshape([-1])
        .dataSync(),
    );
    b.examples.forEach((e, i) => {
      const h = hits[isEasy(e) ? 'easy' : 'hard'];
      h[1]++;
      if (predicted[i] === e.globalLabel) h[0]++;
    });
  }
  const round = (x) => Math.round(x * 1000) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      epoch: epoch + 1,
      train: round(correct / seen),
      evalEasy: round(hits.easy[0] / hits.easy[1]),
      evalHard: round(hits.hard[0] / hits.hard[1]),
      trainSeconds: round(trainSeconds),
    })}\n`,
  );
}
trainer.dispose();
model.dispose();
