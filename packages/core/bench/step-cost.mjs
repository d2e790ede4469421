/**
 * What stethoscopes cost per training step, as ratios against a plain tfjs
 * training step of the same model measured in the same run (tfjs `cpu`
 * backend, MLP 32-64-64-10, batch 32). Run with `pnpm bench` (after a
 * build). Timings on a shared machine are noisy: compare ratios, not ms.
 */
import * as tf from '@tensorflow/tfjs';
import { createStethoscope, createStethoscopeTrainer } from '../dist/index.js';
import { loadBackend } from '../dist/node/index.js';

const STEPS = Number(process.env.STETH_BENCH_STEPS ?? 15);
const WARMUP = 3;
const BATCH = 32;

function buildModel() {
  const input = tf.input({ shape: [32] });
  const h1 = tf.layers.dense({ units: 64, activation: 'relu', name: 'h1' }).apply(input);
  const h2 = tf.layers.dense({ units: 64, activation: 'relu', name: 'h2' }).apply(h1);
  const out = tf.layers.dense({ units: 10, name: 'out' }).apply(h2);
  return tf.model({ inputs: input, outputs: out });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn) {
  for (let i = 0; i < WARMUP; i++) fn();
  const ms = [];
  for (let i = 0; i < STEPS; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

await loadBackend({ backend: 'cpu' });
const x = tf.randomNormal([BATCH, 32], 0, 1, 'float32', 1);
const y = tf.randomUniform([BATCH], 0, 10, 'int32', 2);
const s = { a: tf.randomUniform([BATCH], 0, 2, 'int32', 3), b: tf.randomUniform([BATCH], 0, 4, 'int32', 4) };

// Baseline: a vanilla tfjs step (optimizer.minimize over the model's weights).
const plainModel = buildModel();
const plainOpt = tf.train.rmsprop(1e-3);
const plainVars = plainModel.trainableWeights.map((w) => w.read());
const baseline = time(() =>
  tf.tidy(() => {
    plainOpt.minimize(
      () => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 10), plainModel.apply(x, { training: true })),
      false,
      plainVars,
    );
  }),
);

function trainerStep(stethoscopes, extra = {}) {
  const model = buildModel();
  const list = stethoscopes(model);
  const trainer = createStethoscopeTrainer({ model, mainTask: 'n-way', stethoscopes: list, ...extra });
  const batchS = Object.fromEntries(list.map((st) => [st.name, st.task.kind === 'n-way' ? s.b : s.a]));
  return time(() => trainer.step({ x, y, s: batchS }));
}

const none = trainerStep(() => []);
const three = trainerStep((m) => [
  createStethoscope(m, { name: 'analytic', tap: 'h1', task: 'binary' }),
  createStethoscope(m, { name: 'aux', tap: 'h2', task: 'n-way', classes: 4, lambda: 1 }),
  createStethoscope(m, {
    name: 'adv',
    tap: 'h2',
    task: 'binary',
    lambda: -1,
    connection: 'sparse',
    nonZeros: 1024,
  }),
]);
const threeK3 = trainerStep(
  (m) => [
    createStethoscope(m, { name: 'analytic', tap: 'h1', task: 'binary' }),
    createStethoscope(m, { name: 'aux', tap: 'h2', task: 'n-way', classes: 4, lambda: 1 }),
    createStethoscope(m, {
      name: 'adv',
      tap: 'h2',
      task: 'binary',
      lambda: -1,
      connection: 'sparse',
      nonZeros: 1024,
    }),
  ],
  { stethoscopeSteps: 3 },
);

const rows = [
  ['plain tfjs step (baseline)', baseline],
  ['trainer, no stethoscopes', none],
  ['trainer, 3 stethoscopes (one shared pass)', three],
  ['trainer, 3 stethoscopes, k = 3', threeK3],
];
console.log(`median of ${STEPS} steps, batch ${BATCH}, backend ${tf.getBackend()}`);
for (const [name, ms] of rows)
  console.log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(7)} ms  x${(ms / baseline).toFixed(2)}`);
