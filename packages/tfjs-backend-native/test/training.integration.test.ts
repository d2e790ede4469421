/**
 * A small conv net (2 conv + pool + dense, as in the benchmark but smaller)
 * trained for 50 SGD steps gives the same losses on `native` as on `cpu`.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createReferenceCnn, referenceBatch } from '../bench/reference-cnn.mjs';
import { nativeKernelCounts } from './compare';

const STEPS = 50;
const TRAIN_TIMEOUT_MS = 180_000;
const SHAPE = { batch: 8, size: 12, channels: 3, classes: 5 };

async function losses(backend: string): Promise<{ losses: number[]; tensorsAt: number[] }> {
  await tf.setBackend(backend);
  const model = createReferenceCnn(tf, {
    size: SHAPE.size,
    channels: SHAPE.channels,
    classes: SHAPE.classes,
    filters: [6, 8],
  });
  const { x, y } = referenceBatch(tf, SHAPE);
  const out: number[] = [];
  const tensorsAt: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    out.push((await model.trainOnBatch(x, y)) as number);
    if (i === 9 || i === STEPS - 1) tensorsAt.push(tf.memory().numTensors);
  }
  model.dispose();
  tf.dispose([x, y]);
  return { losses: out, tensorsAt };
}

describe('training a small conv net', () => {
  it(
    `gives the same losses over ${STEPS} steps on native as on cpu (to 1e-4), with kernels run natively`,
    async () => {
      const cpu = (await losses('cpu')).losses;
      nativeKernelCounts(true);
      const run = await losses('native');
      const native = run.losses;
      // No tensor leaks from step 10 to step 50.
      expect(run.tensorsAt[1]).toBe(run.tensorsAt[0]);
      for (let i = 0; i < STEPS; i++)
        expect(Math.abs(native[i]! - cpu[i]!), `step ${i}`).toBeLessThanOrEqual(1e-4);
      expect(cpu[STEPS - 1]!).toBeLessThan(cpu[0]!);
      const counts = nativeKernelCounts();
      for (const k of ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'Sum']) {
        expect(counts[k]?.native, k).toBeGreaterThanOrEqual(STEPS);
        expect(counts[k]?.fallback, k).toBe(0);
      }
    },
    TRAIN_TIMEOUT_MS,
  );
});
