import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, useCpuBackend } from '../test/fixtures';
import { dannLambda } from './lambda-schedule';
import type { StepRecord } from './metrics';
import { createStethoscope } from './stethoscope';
import { createStethoscopeTrainer } from './stethoscope-trainer';
import { expectNoLeakedTensors } from './testing';

beforeAll(useCpuBackend);

/** Long enough for a leak of one tensor a step to show, small enough for the cpu backend. */
const LEAK_STEPS = 200;
const LEAK_TIMEOUT_MS = 120_000;

describe('memory', () => {
  it(
    `tf.memory().numTensors stays flat over ${LEAK_STEPS} steps with three stethoscopes in three modes`,
    () => {
      const model = createMlp({ inputs: 6, hidden: [8, 8], seed: 2 });
      const stethoscopes = [
        createStethoscope(model, {
          name: 'analytic',
          tap: 'enc1',
          task: 'binary',
          connection: 'sparse',
          nonZeros: 32,
          hidden: 8,
        }),
        createStethoscope(model, {
          name: 'auxiliary',
          tap: 'enc2',
          task: 'regression',
          lambda: 0.5,
          hidden: 4,
        }),
        createStethoscope(model, {
          name: 'adversarial',
          tap: 'enc2',
          task: 'n-way',
          classes: 3,
          lambda: dannLambda({ scale: -1, totalSteps: LEAK_STEPS }),
          objective: 'gradient-reversal',
        }),
      ];
      const records: StepRecord[] = [];
      const trainer = createStethoscopeTrainer({
        model,
        mainTask: 'binary',
        stethoscopes,
        stethoscopeSteps: 2,
        gradientCosine: true,
        onMetrics: (r) => {
          if (r.type === 'step') records.push(r);
        },
      });
      const x = tf.randomNormal([8, 6], 0, 1, 'float32', 7);
      const batch = {
        x,
        y: tf.tensor1d([1, 0, 1, 0, 1, 1, 0, 0]),
        s: {
          analytic: tf.tensor1d([0, 0, 1, 1, 0, 1, 0, 1]),
          auxiliary: tf.randomNormal([8], 0, 1, 'float32', 8),
          adversarial: tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1]),
        },
      };
      trainer.step(batch); // the optimisers create their state on the first step
      trainer.evaluate(batch);
      expectNoLeakedTensors(
        () => {
          for (let i = 1; i < LEAK_STEPS; i++) trainer.step(batch);
          trainer.evaluate(batch);
        },
        { what: `${LEAK_STEPS - 1} steps and an evaluation` },
      );
      expect(records.length).toBe(LEAK_STEPS);
      const last = records.at(-1)!;
      expect(Object.keys(last.stethoscopes).sort()).toEqual(['adversarial', 'analytic', 'auxiliary']);
      expect(last.stethoscopes.adversarial!.mode).toBe('adversarial');
      expect(last.stethoscopes.adversarial!.objective).toBe('gradient-reversal');
      expect(records[0]!.stethoscopes.adversarial!.mode).toBe('analytic'); // the DANN ramp starts at 0
      expect(typeof last.stethoscopes.analytic!.gradientCosine).toBe('number');
    },
    LEAK_TIMEOUT_MS,
  );
});
