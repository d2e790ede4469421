#!/usr/bin/env node
/**
 * Benchmark of the native backend against tfjs's `cpu` backend, measured in
 * one run (ratios are what to quote: the machine may be shared):
 *  1. kernel GFLOPS: matmul 1024^3 and the conv of the facts sheet (batch 32,
 *     64x64x32 -> 64, 3x3, stride 1, SAME: forward and both backprops), native
 *     at 1 and 2 threads, cpu on the same or (where it takes minutes) a
 *     smaller problem, said so in the output;
 *  2. a training step of the reference CNN (2 conv + pool + dense, 32x32x3,
 *     batch 32), native at 1 and 2 threads, cpu, and PyTorch when
 *     `python3 -c 'import torch'` works (bench/pytorch_reference_cnn.py);
 *  3. memory: RSS and tf.memory() over many training steps;
 *  0. (printed first) training steps interleaved one by one with PyTorch
 *     twins: the tiny CNN, a conv+BN+ReLU net and inception-v4-small without
 *     and with batch norm (bench/compare-steps.mjs).
 *
 * Usage: pnpm bench (from the root) or node bench/run-bench.mjs
 * Env: BENCH_MEMORY_STEPS (default 1000), BENCH_SKIP_CPU_STEP=1 (skip the ~30 s cpu step).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { nativeInfo, setNativeThreads } from '../dist/index.js';
import { compareSteps, findTorchPython } from './compare-steps.mjs';
import { createReferenceCnn, referenceBatch } from './reference-cnn.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const memorySteps = Number(process.env.BENCH_MEMORY_STEPS ?? 1000);
const skipCpuStep = process.env.BENCH_SKIP_CPU_STEP === '1';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median wall ms of fn over reps runs after one warm-up run, and the process
 * CPU ms a run (user + system, all threads): on a shared machine the wall
 * time includes waiting for a core, the CPU time does not. fn's result is
 * disposed too (tf.tidy keeps what its function returns), so outputs go back
 * to the native buffer pool as in training instead of each run allocating
 * (and page-faulting) new memory.
 */
function timeMs(fn, reps) {
  tf.tidy(() => {
    fn();
  });
  const times = [];
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    tf.tidy(() => {
      fn();
    });
    times.push(performance.now() - t0);
  }
  const c = process.cpuUsage(c0);
  return { wall: median(times), cpu: (c.user + c.system) / 1000 / reps };
}

async function useCpuBackend() {
  await tf.setBackend('cpu');
  // The cpu backend prints an "install tfjs-node" banner on first use.
  tf.backend().firstUse = false;
}

function rand(shape, seed) {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

/** t, its values computed: a native deferred output is filled on first read (without copying it out). */
function computed(t) {
  tf.backend().f32?.(t);
  return t;
}

/** The three conv kernels on a problem; returns {name: () => void} and the FLOPs of one pass. */
function convProblem(batch, size, inC, outC) {
  const x = rand([batch, size, size, inC], 1);
  const w = rand([3, 3, inC, outC], 2);
  const dy = rand([batch, size, size, outC], 3);
  const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] };
  const flops = 2 * batch * size * size * outC * 9 * inC;
  return {
    flops,
    label: `batch ${batch}, ${size}x${size}x${inC} -> ${outC}, 3x3 SAME`,
    kernels: {
      'conv fwd': () => tf.engine().runKernel('Conv2D', { x, filter: w }, attrs),
      // The native backend defers this output until something reads it: read it.
      'conv bwd-input': () =>
        computed(
          tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape }),
        ),
      'conv bwd-filter': () =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape }),
    },
    dispose: () => tf.dispose([x, w, dy]),
  };
}

function gflops(flops, ms) {
  return flops / ms / 1e6;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

const info = nativeInfo();
if (!info.available) {
  out(`native backend unavailable: ${info.reason}`);
  process.exit(1);
}
out(`# @steth/tfjs-backend-native benchmark (${info.isa}, ${new Date().toISOString()})`);
out(`node ${process.version}; ratios are measured in this one run`);
out();

// 0. Interleaved training steps against PyTorch
await compareSteps(out);
out();

// 1. Kernels
const kernelRows = [];
{
  const n = 1024;
  const a = rand([n, n], 4);
  const b = rand([n, n], 5);
  const flops = 2 * n ** 3;
  await tf.setBackend('native');
  const row = { kernel: 'matmul 1024^3', native: {} };
  for (const threads of [1, 2]) {
    setNativeThreads(threads);
    const t = timeMs(() => tf.matMul(a, b), 5);
    row.native[threads] = gflops(flops, t.wall);
    if (threads === 1) row.perCpu = gflops(flops, t.cpu);
  }
  await useCpuBackend();
  const t0 = performance.now();
  tf.tidy(() => tf.matMul(a, b));
  row.cpu = gflops(flops, performance.now() - t0);
  row.cpuNote = '1024^3, 1 run';
  kernelRows.push(row);
  tf.dispose([a, b]);
}
{
  const big = convProblem(32, 64, 32, 64);
  await tf.setBackend('native');
  const rows = Object.keys(big.kernels).map((k) => ({ kernel: k, native: {} }));
  for (const threads of [1, 2]) {
    setNativeThreads(threads);
    for (const row of rows) {
      const t = timeMs(big.kernels[row.kernel], 3);
      row.native[threads] = gflops(big.flops, t.wall);
      if (threads === 1) row.perCpu = gflops(big.flops, t.cpu);
    }
  }
  big.dispose();
  // cpu takes 12 s (fwd) to ~6 min (bwd-filter) on the full problem: time it
  // once on batch 1 at 32x32 (1/128 of the work).
  const small = convProblem(1, 32, 32, 64);
  await useCpuBackend();
  for (const row of rows) {
    const t0 = performance.now();
    tf.tidy(small.kernels[row.kernel]);
    row.cpu = gflops(small.flops, performance.now() - t0);
    row.cpuNote = 'batch 1, 32x32, 1 run';
  }
  small.dispose();
  kernelRows.push(...rows);
}
out(`## Kernels (GFLOPS; conv = batch 32, 64x64x32 -> 64, 3x3, SAME, 4.83 GFLOP a pass)`);
out(
  '| kernel | native 1 thread | native 2 threads | native 1 thread per CPU-second | cpu | native 1 thread / cpu | cpu measured on |',
);
out('|---|---|---|---|---|---|---|');
for (const r of kernelRows) {
  out(
    `| ${r.kernel} | ${fmt(r.native[1])} | ${fmt(r.native[2])} | ${fmt(r.perCpu)} | ${fmt(r.cpu, 3)} | ${fmt(r.native[1] / r.cpu, 0)}x | ${r.cpuNote} |`,
  );
}
out('(per CPU-second: FLOPs over the process CPU time, which leaves out time spent waiting for a core)');
out();

// 2. Training step of the reference CNN
async function stepMs(backend, threads, steps) {
  if (backend === 'cpu') await useCpuBackend();
  else await tf.setBackend(backend);
  if (backend === 'native') setNativeThreads(threads);
  const model = createReferenceCnn(tf);
  const { x, y } = referenceBatch(tf);
  if (steps > 1) await model.trainOnBatch(x, y);
  const times = [];
  const c0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    await model.trainOnBatch(x, y);
    times.push(performance.now() - t0);
  }
  const c = process.cpuUsage(c0);
  model.dispose();
  tf.dispose([x, y]);
  return { wall: median(times), cpu: (c.user + c.system) / 1000 / steps };
}
// cpu: one step (about 26 s on an idle machine), no warm-up.
const step = {
  native1: await stepMs('native', 1, 15),
  native2: await stepMs('native', 2, 15),
  cpu: skipCpuStep ? undefined : await stepMs('cpu', 1, 1),
};
let torchLine = 'PyTorch: skipped (python3 cannot import torch here)';
const torchPython = findTorchPython();
if (torchPython) {
  const env = {
    ...process.env,
    OMP_WAIT_POLICY: 'PASSIVE',
    MALLOC_MMAP_THRESHOLD_: '4294967296',
    MALLOC_TRIM_THRESHOLD_: '4294967296',
    MALLOC_TOP_PAD_: '268435456',
  };
  const r = spawnSync(torchPython, [join(here, 'pytorch_reference_cnn.py')], { encoding: 'utf8', env });
  if (r.status === 0) {
    const t = JSON.parse(r.stdout.trim().split('\n').pop());
    step.torch1 = { wall: t.threads1_ms };
    step.torch2 = { wall: t.threads2_ms };
    torchLine = `PyTorch ${t.version} (tuned allocator): ${fmt(t.threads1_ms)} ms (1 thread), ${fmt(t.threads2_ms)} ms (2 threads)`;
  } else torchLine = `PyTorch: failed (${r.stderr.trim().split('\n').pop()})`;
}
out('## Training step, reference CNN (2 conv + pool + dense, 32x32x3, batch 32; median ms)');
out('| | native 1 thread | native 2 threads | cpu (1 step) | cpu / native 2 threads |');
out('|---|---|---|---|---|');
for (const key of ['wall', 'cpu']) {
  const cpuMs = step.cpu?.[key];
  out(
    `| ${key === 'wall' ? 'wall ms' : 'CPU ms (all threads)'} | ${fmt(step.native1[key])} | ${fmt(step.native2[key])} | ${cpuMs === undefined ? 'skipped' : fmt(cpuMs, 0)} | ${cpuMs === undefined ? '-' : `${fmt(cpuMs / step.native2[key], 0)}x`} |`,
  );
}
out(torchLine);
if (step.torch2 !== undefined)
  out(`native / PyTorch at 2 threads: ${fmt(step.native2.wall / step.torch2.wall, 2)}x`);
out();

// 3. Memory over many steps
{
  await tf.setBackend('native');
  setNativeThreads(2);
  const model = createReferenceCnn(tf);
  const { x, y } = referenceBatch(tf);
  const samples = [];
  const t0 = performance.now();
  for (let i = 1; i <= memorySteps; i++) {
    await model.trainOnBatch(x, y);
    if (i === 50 || i === Math.floor(memorySteps / 2) || i === memorySteps) {
      samples.push({ step: i, rssMiB: process.memoryUsage().rss / 2 ** 20, tensors: tf.memory().numTensors });
    }
  }
  const elapsed = (performance.now() - t0) / 1000;
  out(`## Memory over ${memorySteps} training steps (native, 2 threads, ${fmt(elapsed)} s)`);
  out('| step | RSS MiB | tf.memory().numTensors |');
  out('|---|---|---|');
  for (const s of samples) out(`| ${s.step} | ${fmt(s.rssMiB, 0)} | ${s.tensors} |`);
  const pool = tf.backend().pool.stats();
  out(
    `buffer pool: ${pool.allocated} buffers allocated, ${pool.reused} reused, ${fmt(pool.freeBytes / 2 ** 20, 0)} MiB free`,
  );
  model.dispose();
  tf.dispose([x, y]);
}
