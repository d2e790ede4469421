/**
 * Profiles training steps of the reproduction's cpu-profile main network
 * (tower-cnn 16-128 with batch norm, 112 px, batch 32, Adam 1e-3, sigmoid
 * cross-entropy) on the native backend: the step's wall time, the part spent
 * in kernels, and the wall time a kernel summed over the steps, largest first.
 * Usage: THREADS=2 node bench/profile-tower-step.mjs [steps]
 * (needs packages/models built beside this package).
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernelCounts, setNativeKernelTiming, setNativeThreads } from '../dist/index.js';
import { cpuProfileTower, loadModels, sigmoidStep } from './compare-steps.mjs';

const steps = Number(process.argv[2] ?? 10);
await tf.setBackend('native');
setNativeThreads(Number(process.env.THREADS ?? 2));
const model = cpuProfileTower(await loadModels());
const step = sigmoidStep(model, 'adam');
// Warm-up as compare-steps.mjs's: V8 is still optimising tfjs's paths after
// ten steps of this network (55-61 ms a step, then 47-52).
const w0 = performance.now();
for (let i = 0; i < 10 || performance.now() - w0 < 1000; i++) await step();
const plain = [];
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  await step();
  plain.push(performance.now() - t0);
}
plain.sort((a, b) => a - b);
nativeKernelCounts(true);
setNativeKernelTiming(true);
const t0 = performance.now();
for (let i = 0; i < steps; i++) await step();
const total = (performance.now() - t0) / steps;
setNativeKernelTiming(false);
const rows = Object.entries(nativeKernelCounts()).sort((a, b) => b[1].ms - a[1].ms);
const inKernels = rows.reduce((s, [, c]) => s + c.ms, 0) / steps;
const calls = rows.reduce((s, [, c]) => s + c.native + c.fallback, 0) / steps;
console.log(
  `median step ${plain[Math.floor(steps / 2)].toFixed(1)} ms untimed; timed ${total.toFixed(1)} ms a step, ${inKernels.toFixed(1)} ms of it in ${calls} kernel calls`,
);
for (const [name, c] of rows.slice(0, 30)) {
  if (c.ms === 0) continue;
  const kind = c.fallback > 0 ? (c.native > 0 ? 'mixed' : 'cpu') : 'native';
  console.log(
    `${name.padEnd(26)} ${(c.ms / steps).toFixed(2).padStart(8)} ms  x${(c.native + c.fallback) / steps}  ${kind}`,
  );
}
