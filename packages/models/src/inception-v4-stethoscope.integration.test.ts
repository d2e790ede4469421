/**
 * The stethoscope paper's analytic probe (Section 3, lambda = 0) at the
 * output of Reduction-B, `Mixed_7a` ("7a" in Fig. 4), on the CPU-sized
 * Inception-v4, trained with @steth/core's trainer on the pure-JS backend.
 */
import { createStethoscope, createStethoscopeTrainer } from '@steth/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { createModel } from './model-registry';

/** Two training steps of inception-v4-small at batch 1 on the pure-JS backend: ~10 s of CPU, minutes on a loaded machine. */
const STETHOSCOPE_TIMEOUT_MS = 240_000;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it(
  'an analytic stethoscope at Mixed_7a of inception-v4-small trains without leaking tensors',
  () => {
    const { model, taps } = createModel('inception-v4-small', { seed: 5 });
    expect(taps.find((t) => t.name === 'Mixed_7a')?.shape).toEqual([null, 2, 2, 384]);
    const stethoscope = createStethoscope(model, {
      name: 'local_stability',
      tap: 'Mixed_7a',
      task: 'binary',
      lambda: 0,
      hidden: 16,
      seed: 3,
    });
    const trainer = createStethoscopeTrainer({ model, mainTask: 'binary', stethoscopes: [stethoscope] });
    const x = tf.randomUniform([1, 112, 112, 3], 0, 1, 'float32', 11);
    const y = tf.tensor1d([1]);
    const s = tf.tensor1d([0]);
    const batch = { x, y, s: { local_stability: s } };
    try {
      const headBefore = stethoscope.head.variables.map((v) => v.dataSync().slice());
      // The first step creates the optimisers' slots; the next must not add tensors.
      const first = trainer.step(batch);
      const before = tf.memory().numTensors;
      const second = trainer.step(batch);
      expect(tf.memory().numTensors).toBe(before);

      expect(first.stethoscopes.local_stability).toMatchObject({ mode: 'analytic', lambda: 0 });
      expect(Number.isFinite(second.stethoscopes.local_stability!.loss)).toBe(true);
      expect(Number.isFinite(second.mainLoss)).toBe(true);
      // psi learns: every head variable moved.
      const changed = stethoscope.head.variables.filter((v, i) =>
        v.dataSync().some((value, j) => value !== headBefore[i]![j]),
      );
      expect(changed).toHaveLength(stethoscope.head.variables.length);
    } finally {
      tf.dispose([x, y, s]);
      trainer.dispose();
      stethoscope.dispose();
      model.dispose();
    }
  },
  STETHOSCOPE_TIMEOUT_MS,
);
