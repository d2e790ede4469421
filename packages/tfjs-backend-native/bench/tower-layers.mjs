/**
 * Per-layer convolution timings of the reproduction's cpu-profile main network
 * (tower-cnn, widths 16-128, 112 px, batch 32): forward, backprop-input and
 * backprop-filter of each layer, median of 15 calls, at THREADS threads
 * (default 1, as the reproduction's workers run). Prints ms and GFLOPS a
 * layer and the totals: `node bench/tower-layers.mjs`.
 */
import * as tf from '@tensorflow/tfjs';
import { setNativeThreads } from '../dist/index.js';

await tf.setBackend('native');
setNativeThreads(Number(process.env.THREADS ?? 1));
const B = 32;
const layers = [
  ['S1a', 112, 3, 16, 2],
  ['S1b', 56, 16, 16, 1],
  ['S2a', 28, 16, 32, 1],
  ['S2b', 28, 32, 32, 1],
  ['S3a', 14, 32, 64, 1],
  ['S3b', 14, 64, 64, 1],
  ['S4a', 7, 64, 128, 1],
  ['S4b', 7, 128, 128, 1],
];
const tot = { fwd: 0, bin: 0, bfi: 0 };
for (const [name, S, C, CO, st] of layers) {
  const O = Math.ceil(S / st);
  const x = tf.randomUniform([B, S, S, C]);
  const w = tf.randomUniform([3, 3, C, CO]);
  const dy = tf.randomUniform([B, O, O, CO]);
  const attrs = { strides: [st, st], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] };
  const flops = 2 * B * O * O * 9 * C * CO;
  const ks = {
    fwd: () => tf.engine().runKernel('Conv2D', { x, filter: w }, attrs),
    // read, so the native backend's deferred output is computed (f32 reads it without copying)
    bin: () => {
      const t = tf
        .engine()
        .runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape });
      tf.backend().f32(t);
      return t;
    },
    bfi: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape }),
  };
  const row = [name];
  for (const [k, f] of Object.entries(ks)) {
    if (k === 'bin' && name === 'S1a') {
      row.push('-');
      continue;
    }
    // f's result is disposed too (tf.tidy keeps what its function returns):
    // outputs go back to the buffer pool as in training.
    const run = () => tf.tidy(() => void f());
    run();
    const ts = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      run();
      ts.push(performance.now() - t0);
    }
    ts.sort((a, b) => a - b);
    const ms = ts[7];
    tot[k] += ms;
    row.push(`${k} ${ms.toFixed(2)}ms ${(flops / ms / 1e6).toFixed(0)}GF`);
  }
  console.log(row.join('  '));
}
console.log(
  'total ms',
  JSON.stringify(Object.fromEntries(Object.entries(tot).map(([k, v]) => [k, +v.toFixed(1)]))),
);
