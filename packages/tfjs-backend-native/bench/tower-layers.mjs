/**
 * Per-layer convolution timings of the reproduction's cpu-profile main network
 * (tower-cnn, widths 16-128, 112 px, batch 32): forward, backprop-input and
 * backprop-filter of each layer, median of 15 calls, at THREADS threads
 * (default 1, as the reproduction's workers run). Prints ms and GFLOPS a
 * layer and the totals; when a python3 here imports torch, the same
 * convolution in PyTorch (oneDNN, channels_last, bench/pytorch_conv_layers.py)
 * right after each native one, and the ratio: `node bench/tower-layers.mjs`.
 */
import * as tf from '@tensorflow/tfjs';
import { setNativeThreads } from '../dist/index.js';
import { findTorchPython, startPythonWorker } from './compare-steps.mjs';

const THREADS = Number(process.env.THREADS ?? 1);
const REPS = 15;
await tf.setBackend('native');
setNativeThreads(THREADS);
const python = findTorchPython();
const torch = python
  ? await startPythonWorker(python, 'pytorch_conv_layers.py', {}, THREADS).catch((e) => {
      console.log(`PyTorch: failed to start (${e.message})`);
      return undefined;
    })
  : undefined;
if (!python) console.log('PyTorch: skipped (no python3 here can import torch)');
if (torch)
  console.log(`PyTorch ${torch.ready.version}, ${THREADS} thread(s), channels_last, interleaved by layer`);

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
const totTorch = { fwd: 0, bin: 0, bfi: 0 };
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
    // a network's first convolution has no input gradient to compute
    if (k === 'bin' && name === 'S1a') {
      row.push('-');
      continue;
    }
    // f's result is disposed too (tf.tidy keeps what its function returns):
    // outputs go back to the buffer pool as in training.
    const run = () => tf.tidy(() => void f());
    run();
    const ts = [];
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      run();
      ts.push(performance.now() - t0);
    }
    ts.sort((a, b) => a - b);
    const ms = ts[REPS >> 1];
    tot[k] += ms;
    let cell = `${k} ${ms.toFixed(2)}ms ${(flops / ms / 1e6).toFixed(0)}GF`;
    if (torch) {
      const pt = (await torch.ask({ size: S, inC: C, outC: CO, stride: st, kind: k, reps: REPS })).ms;
      totTorch[k] += pt;
      cell += ` (PyTorch ${pt.toFixed(2)}ms, ${(ms / pt).toFixed(2)}x)`;
    }
    row.push(cell);
  }
  console.log(row.join('  '));
  tf.dispose([x, w, dy]);
}
const fmt = (t) => JSON.stringify(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, +v.toFixed(1)])));
console.log('total ms', fmt(tot));
if (torch) {
  const n = Object.values(tot).reduce((a, b) => a + b, 0);
  const p = Object.values(totTorch).reduce((a, b) => a + b, 0);
  console.log(`PyTorch total ms ${fmt(totTorch)}; native / PyTorch ${(n / p).toFixed(2)}x`);
  torch.stop();
}
