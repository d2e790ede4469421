/**
 * Trains the reproduction's cpu-profile network (tower-cnn 16-128 with batch
 * norm, Adam) six steps on fixed data, then prints a hash of its weights and
 * of an inference and a training-mode forward pass; then the same for the
 * quick profile's inception-v4-small (RMSProp; its 1x7, 7x1, 1x1 and strided
 * convolutions), with batch norm and without, three steps each. Two builds
 * that give the same hashes train the same bits: run it before and after a
 * kernel change (THREADS=1 and 2) to check a speed-up changed no result.
 * Usage: THREADS=2 node bench/step-hash.mjs (needs packages/models built).
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { setNativeThreads } from '../dist/index.js';
import { cpuProfileTower, loadModels, sigmoidStep } from './compare-steps.mjs';

await tf.setBackend('native');
setNativeThreads(Number(process.env.THREADS ?? 2));
const models = await loadModels();
if (!models) throw new Error('packages/models/dist is not built: run `pnpm build` first');

/** Trains `model` `steps` steps, then hashes its weights and two forward passes. */
async function trainedHash(model, optimizer, steps, size) {
  const step = sigmoidStep(model, optimizer);
  for (let i = 0; i < steps; i++) await step();
  const h = createHash('sha256');
  for (const w of model.getWeights()) h.update(Buffer.from(w.dataSync().buffer));
  // a forward pass in inference mode and in training mode too
  const x = tf.randomUniform([4, size, size, 3], 0, 255, 'float32', 5);
  h.update(Buffer.from(model.predict(x).dataSync().buffer));
  h.update(Buffer.from(model.apply(x, { training: true }).dataSync().buffer));
  step.dispose();
  return h.digest('hex').slice(0, 16);
}

const threads = process.env.THREADS ?? 2;
const tower = cpuProfileTower(models, 3);
console.log(`threads ${threads}: ${await trainedHash(tower, 'adam', 6, 112)}`);
for (const batchNorm of [true, false]) {
  const { model } = models.createModel('inception-v4-small', { batchNorm, seed: 3 });
  const size = model.inputs[0].shape[1];
  const hash = await trainedHash(model, 'rmsprop', 3, size);
  console.log(`threads ${threads}: inception-v4-small ${batchNorm ? 'with' : 'without'} batch norm ${hash}`);
}
