import { StethError } from '@steth/errors';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, useCpuBackend } from '../test/fixtures';
import { assertFiniteLoss } from './divergence';
import { TrainingDivergedError } from './errors';
import { createStethoscopeTrainer } from './stethoscope-trainer';

beforeAll(useCpuBackend);

describe('assertFiniteLoss', () => {
  it('throws TrainingDivergedError, a StethError, for a step whose main loss is NaN', () => {
    const model = createMlp({ inputs: 3 });
    const trainer = createStethoscopeTrainer({ model, mainTask: 'binary' });
    const x = tf.tensor2d([
      [Number.NaN, 0, 1],
      [1, 0, 1],
    ]);
    const y = tf.tensor1d([0, 1]);
    try {
      const record = trainer.step({ x, y });
      expect(record.mainLoss).toBeNaN();
      let caught: unknown;
      try {
        assertFiniteLoss(record, { run: 'lambda -1, seed 3' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(TrainingDivergedError);
      expect(caught).toBeInstanceOf(StethError);
      expect((caught as Error).name).toBe('TrainingDivergedError');
      expect((caught as Error).message).toBe(
        'Training diverged (main loss NaN) at step 0 of lambda -1, seed 3; lower the learning rate.',
      );
    } finally {
      tf.dispose([x, y]);
      trainer.dispose();
      model.dispose();
    }
  });

  it('names an infinite loss, and takes other advice', () => {
    expect(() =>
      assertFiniteLoss(
        { step: 7, mainLoss: Number.POSITIVE_INFINITY },
        { advice: 'lower |lambda| or reset' },
      ),
    ).toThrow(/^Training diverged \(main loss Infinity\) at step 7; lower \|lambda\| or reset\.$/);
    expect(() => assertFiniteLoss({ step: 1, mainLoss: Number.NEGATIVE_INFINITY })).toThrow(
      TrainingDivergedError,
    );
  });

  it('lets a finite loss and a step without a main loss pass', () => {
    expect(() => assertFiniteLoss({ step: 0, mainLoss: 0.69 })).not.toThrow();
    expect(() => assertFiniteLoss({ step: 0, mainLoss: 0 })).not.toThrow();
    expect(() => assertFiniteLoss({ step: 0, mainLoss: null })).not.toThrow();
  });
});
