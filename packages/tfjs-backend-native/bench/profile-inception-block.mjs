/**
 * Profiles training steps of an Inception-style block (conv + batch norm +
 * relu branches, average pool, concat, max pool, global average pool, dense)
 * on the native backend: wall time a kernel, largest first. Stands in for
 * @steth/models' Inception-v4 until it lands.
 * Usage: node bench/profile-inception-block.mjs
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernelCounts, setNativeKernelTiming } from '../dist/index.js';

await tf.setBackend('native');
const inp = tf.input({ shape: [35, 35, 32] });
const cbr = (x, f, k, s = 1) => {
  let y = tf.layers
    .conv2d({ filters: f, kernelSize: k, strides: s, padding: 'same', useBias: false })
    .apply(x);
  y = tf.layers.batchNormalization().apply(y);
  return tf.layers.activation({ activation: 'relu' }).apply(y);
};
const b1 = cbr(inp, 24, 1);
const b2 = cbr(cbr(inp, 16, 1), 24, 3);
const b3 = cbr(cbr(cbr(inp, 16, 1), 24, 3), 24, 3);
const b4 = cbr(tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(inp), 24, 1);
let y = tf.layers.concatenate().apply([b1, b2, b3, b4]);
y = tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }).apply(y);
y = tf.layers.globalAveragePooling2d({}).apply(y);
y = tf.layers.dense({ units: 10, activation: 'softmax' }).apply(y);
const model = tf.model({ inputs: inp, outputs: y });
model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
const x = tf.randomUniform([16, 35, 35, 32]);
const t = tf
  .oneHot(
    tf.tensor1d(
      [...Array(16).keys()].map((i) => i % 10),
      'int32',
    ),
    10,
  )
  .toFloat();
for (let i = 0; i < 2; i++) await model.trainOnBatch(x, t);
nativeKernelCounts(true);
setNativeKernelTiming(true);
const t0 = performance.now();
const N = 5;
for (let i = 0; i < N; i++) await model.trainOnBatch(x, t);
console.log(((performance.now() - t0) / N).toFixed(1), 'ms a step');
const rows = Object.entries(nativeKernelCounts()).sort((a, b) => b[1].ms - a[1].ms);
for (const [n, c] of rows.slice(0, 22))
  if (c.ms > 0)
    console.log(
      n.padEnd(26),
      (c.ms / N).toFixed(2).padStart(8),
      'x' + (c.native + c.fallback) / N,
      c.fallback > 0 ? 'cpu' : 'native',
    );
