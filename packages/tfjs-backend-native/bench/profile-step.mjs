/**
 * Profiles one training step of the reference CNN on a backend (default
 * `native`): kernel times summed by kernel name, largest first.
 * Usage: node bench/profile-step.mjs [native|cpu]
 */
import * as tf from '@tensorflow/tfjs';
import '../dist/index.js';
import { createReferenceCnn, referenceBatch } from './reference-cnn.mjs';

const backend = process.argv[2] ?? 'native';
await tf.setBackend(backend);
const model = createReferenceCnn(tf);
const { x, y } = referenceBatch(tf);
for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
const t0 = performance.now();
const steps = 5;
for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
console.log(`${backend}: ${((performance.now() - t0) / steps).toFixed(1)} ms a step`);
const info = await tf.profile(() => model.trainOnBatch(x, y));
const byName = new Map();
for (const k of info.kernels) {
  const e = byName.get(k.name) ?? { ms: 0, n: 0 };
  e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  e.n++;
  byName.set(k.name, e);
}
const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
for (const [name, e] of rows.slice(0, 25))
  console.log(`${name.padEnd(24)} ${e.ms.toFixed(2).padStart(8)} ms  x${e.n}`);
if (backend === 'native') {
  const { nativeKernelCounts } = await import('../dist/index.js');
  console.log('pool', tf.backend().pool.stats());
  console.log(
    'fallbacks',
    Object.entries(nativeKernelCounts())
      .filter(([, c]) => c.fallback > 0)
      .map(([k, c]) => `${k} ${c.fallback}`)
      .join(', ') || 'none',
  );
}
