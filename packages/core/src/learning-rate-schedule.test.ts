import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/fixtures';
import { InvalidArgumentError } from './errors';
import {
  constantLearningRate,
  exponentialDecayLearningRate,
  resolveLearningRate,
  setOptimizerLearningRate,
  stepDecayLearningRate,
} from './learning-rate-schedule';

beforeAll(useCpuBackend);

describe('learning-rate schedules', () => {
  it('give the rate at given epochs', () => {
    expect([0, 5, 50].map(constantLearningRate(0.001))).toEqual([0.001, 0.001, 0.001]);
    const decay = exponentialDecayLearningRate({ initial: 0.001, decay: 0.975 });
    expect(decay(0)).toBe(0.001);
    expect(decay(1)).toBe(0.001 * 0.975);
    expect(decay(10)).toBe(0.001 * 0.975 ** 10);
    const step = stepDecayLearningRate({ initial: 0.1, factor: 0.5, everyEpochs: 3 });
    expect([0, 2, 3, 5, 6].map(step)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('reject bad settings and bad rates with the reason', () => {
    expect(() => exponentialDecayLearningRate({ initial: 0.1, decay: 1.5 })).toThrow(
      'exponentialDecayLearningRate: decay must be in (0, 1], got 1.5.',
    );
    expect(() => stepDecayLearningRate({ initial: 0.1, factor: 0.5, everyEpochs: 0 })).toThrow(
      /everyEpochs must be a positive integer, got 0/,
    );
    expect(() => constantLearningRate(0)).toThrow(InvalidArgumentError);
    expect(() => resolveLearningRate(() => Number.NaN, 4, 'theta')).toThrow(
      'The learning rate of theta at epoch 4 is NaN; expected a positive finite number.',
    );
  });

  it('setOptimizerLearningRate reaches sgd through its public setter and rmsprop through its field', () => {
    const sgd = tf.train.sgd(1);
    const rms = tf.train.rmsprop(1);
    setOptimizerLearningRate(sgd, 0.25);
    setOptimizerLearningRate(rms, 0.5);
    expect((sgd as unknown as { learningRate: number }).learningRate).toBe(0.25);
    expect((rms as unknown as { learningRate: number }).learningRate).toBe(0.5);
    const odd = { getClassName: () => 'Odd' } as unknown as tf.Optimizer;
    expect(() => setOptimizerLearningRate(odd, 0.1)).toThrow(
      /Cannot set the learning rate of a Odd optimiser/,
    );
  });
});
