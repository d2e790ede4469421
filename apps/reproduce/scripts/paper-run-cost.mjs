/**
 * What one run of the `paper` profile (Section 4: Inception-v4 at 224 px,
 * batch 32, RMSProp) costs, measured on this machine's backend: the model's
 * parameters, the FLOPs of a training step counted from its layers, the
 * peak tensor memory of a training step (tf.profile) at a small batch, and
 * the wall time per image. The README's GPU estimate is derived from these.
 *
 *   pnpm build && node apps/reproduce/scripts/paper-run-cost.mjs [batch=2] [steps=2]
 */
import { loadBackend } from '@steth/core';
import { createModel } from '@steth/models';
import * as tf from '@tensorflow/tfjs';

const batch = Number(process.argv[2] ?? 2);
const steps = Number(process.argv[3] ?? 2);
const size = 224;

const backend = await loadBackend();
const { model } = createModel('inception-v4', { inputSize: size, outputs: 1, seed: 0, dropoutKeepProb: 0.8 });
const params = model.countParams();

// Forward FLOPs per image, from the layers (2 per multiply-add); a training step is about 3x.
let forward = 0;
for (const layer of model.layers) {
  const out = [layer.outputShape].flat(1);
  const shape = Array.isArray(out[0]) ? out[0] : out;
  const kernel = layer.getWeights()[0]?.shape;
  const cls = layer.getClassName();
  if (cls === 'Conv2D' && kernel)
    forward += 2 * shape[1] * shape[2] * shape[3] * kernel[0] * kernel[1] * kernel[2];
  if (cls === 'Dense' && kernel) forward += 2 * kernel[0] * kernel[1];
}

const optimizer = tf.train.rmsprop(0.045, 0.9, 0, 1);
const x = tf.randomUniform([batch, size, size, 3], 0, 255);
const y = tf.randomUniform([batch, 1], 0, 1).round();
const step = () =>
  optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, model.apply(x, { training: true })), true);
const first = await tf.profile(() => tf.dispose(step()));
const start = performance.now();
for (let i = 0; i < steps; i++) tf.dispose(step());
const seconds = (performance.now() - start) / 1000 / steps;
const weightsBytes = params * 4;
const report = {
  backend: backend.choice,
  batch,
  params,
  weightsMiB: weightsBytes / 2 ** 20,
  forwardGflopPerImage: forward / 1e9,
  trainGflopPerImage: (3 * forward) / 1e9,
  peakMiBOfStep: first.peakBytes / 2 ** 20,
  secondsPerImage: seconds / batch,
  gflopsMeasured: (3 * forward * batch) / seconds / 1e9,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
