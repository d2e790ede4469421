/**
 * Trains the reproduction's cpu-profile network (tower-cnn 16-128 with batch
 * norm, Adam) six steps on fixed data, then prints a hash of its weights and
 * of an inference and a training-mode forward pass. Two builds that give the
 * same hash train the same bits: run it before and after a kernel change
 * (THREADS=1 and 2) to check a speed-up changed no result.
 * Usage: THREADS=2 node bench/step-hash.mjs (needs packages/models built).
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setNativeThreads } from '../dist/index.js';
import { sigmoidStep } from './compare-steps.mjs';

const here = dirname(fileURLToPath(import.meta.url));
await tf.setBackend('native');
setNativeThreads(Number(process.env.THREADS ?? 2));
const models = await import(pathToFileURL(join(here, '..', '..', 'models', 'dist', 'index.js')).href);
const { model } = models.createModel('tower-cnn', {
  batchNorm: true,
  dropoutKeepProb: 1,
  widths: [16, 32, 64, 128],
  seed: 3,
});
const step = sigmoidStep(model, 'adam');
for (let i = 0; i < 6; i++) await step();
const h = createHash('sha256');
for (const w of model.getWeights()) h.update(Buffer.from(w.dataSync().buffer));
// a forward pass in inference mode and in training mode too
const x = tf.randomUniform([4, 112, 112, 3], 0, 255, 'float32', 5);
h.update(Buffer.from(model.predict(x).dataSync().buffer));
h.update(Buffer.from(model.apply(x, { training: true }).dataSync().buffer));
console.log(`threads ${process.env.THREADS ?? 2}: ${h.digest('hex').slice(0, 16)}`);
