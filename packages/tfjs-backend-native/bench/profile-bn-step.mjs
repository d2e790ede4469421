/**
 * Profiles training steps of the batch-norm conv net (bench/bn-cnn.mjs) on
 * the native backend: wall time a kernel summed over the steps, largest
 * first, from the backend's own kernel timing.
 * Usage: node bench/profile-bn-step.mjs [steps] [--no-bn]
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernelCounts, setNativeKernelTiming } from '../dist/index.js';
import { createBnCnn } from './bn-cnn.mjs';
import { referenceBatch } from './reference-cnn.mjs';

const steps = Number(process.argv[2] ?? 5);
const batchNorm = !process.argv.includes('--no-bn');
await tf.setBackend('native');
const model = createBnCnn(tf, { batchNorm });
const { x, y } = referenceBatch(tf);
for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
nativeKernelCounts(true);
const poolBefore = tf.backend().pool.stats();
console.log('pool after warm-up', poolBefore);
setNativeKernelTiming(true);
const t0 = performance.now();
for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
const total = (performance.now() - t0) / steps;
setNativeKernelTiming(false);
const rows = Object.entries(nativeKernelCounts()).sort((a, b) => b[1].ms - a[1].ms);
const inKernels = rows.reduce((s, [, c]) => s + c.ms, 0) / steps;
console.log(
  `batch norm ${batchNorm}: ${total.toFixed(1)} ms a step, ${inKernels.toFixed(1)} ms of it in kernels`,
);
for (const [name, c] of rows.slice(0, 25)) {
  if (c.ms === 0) continue;
  const kind = c.fallback > 0 ? (c.native > 0 ? 'mixed' : 'cpu') : 'native';
  console.log(
    `${name.padEnd(24)} ${(c.ms / steps).toFixed(2).padStart(8)} ms  x${(c.native + c.fallback) / steps}  ${kind}`,
  );
}
console.log('pool', tf.backend().pool.stats());
