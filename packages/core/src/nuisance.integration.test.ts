import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/fixtures';
import { makeNuisanceSplit, SIGNAL_FEATURES, sliceBatch } from '../test/nuisance-data';
import { type AdversarialObjective, createStethoscope } from './stethoscope';
import { createStethoscopeTrainer } from './stethoscope-trainer';

beforeAll(useCpuBackend);

const SEEDS = [1, 2, 3];
const STEPS = 400;
const BATCH = 64;
const NUISANCE_TIMEOUT_MS = 150_000;

/**
 * The tapped layer is a 3-unit tanh bottleneck: as with the entangled visual
 * features of the paper's towers, what the encoder spends on the nuisance it
 * cannot spend on the signal, so an auxiliary stethoscope hurts.
 */
const UNITS = 3;
/** P(nuisance = label) in training; at test they are independent. */
const AGREEMENT = 0.85;
const AUXILIARY_LAMBDA = 2;
const ADVERSARIAL_LAMBDA = -1;
function runOnce(lambda: number, seed: number, objective?: AdversarialObjective) {
  return tf.tidy(() => {
    const train = makeNuisanceSplit(2048, AGREEMENT, seed);
    const test = makeNuisanceSplit(1024, 0.5, seed + 1000);
    const input = tf.input({ shape: [SIGNAL_FEATURES + 1] });
    const hidden = tf.layers
      .dense({
        units: UNITS,
        activation: 'tanh',
        name: 'hidden',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      })
      .apply(input) as tf.SymbolicTensor;
    const logits = tf.layers
      .dense({
        units: 1,
        name: 'logits',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      })
      .apply(hidden) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: logits });
    const steth = createStethoscope(model, {
      name: 'nuisance',
      tap: 'hidden',
      task: 'binary',
      hidden: 16,
      lambda,
      objective,
      seed,
    });
    const trainer = createStethoscopeTrainer({
      model,
      mainTask: 'binary',
      stethoscopes: [steth],
      optimizer: () => tf.train.rmsprop(3e-3),
      stethoscopeOptimizer: () => tf.train.rmsprop(3e-3),
    });
    for (let i = 0; i < STEPS; i++) {
      tf.tidy(() => {
        const b = sliceBatch(train, i, BATCH);
        trainer.step({ x: b.x, y: b.y, s: { nuisance: b.n } });
      });
    }
    const result = trainer.evaluate({ x: test.x, y: test.y, s: { nuisance: test.n } }, 'test');
    trainer.dispose();
    steth.dispose();
    return { test: result.mainAccuracy!, steth: result.stethoscopes.nuisance!.accuracy! };
  });
}

describe('synthetic nuisance: a feature that predicts the label in training but not at test', () => {
  it(
    'analytic reads the nuisance; adversarial hides it and generalises better; auxiliary generalises worse',
    () => {
      const rows = SEEDS.map((seed) => ({
        seed,
        analytic: runOnce(0, seed),
        adversarial: runOnce(ADVERSARIAL_LAMBDA, seed),
        reversal: runOnce(ADVERSARIAL_LAMBDA, seed, 'gradient-reversal'),
        auxiliary: runOnce(AUXILIARY_LAMBDA, seed),
      }));
      // The README's table: STETH_VERBOSE=1 pnpm vitest run packages/core/src/nuisance.integration.test.ts
      if (process.env.STETH_VERBOSE) console.log(JSON.stringify(rows));
      for (const r of rows) {
        // (a) the analytic stethoscope reads the nuisance (chance is 0.5).
        expect(r.analytic.steth).toBeGreaterThan(0.9);
        // (b) adversarial: the nuisance becomes much less accessible, and test accuracy rises.
        expect(r.adversarial.steth).toBeLessThan(r.analytic.steth - 0.3);
        expect(r.adversarial.test).toBeGreaterThan(r.analytic.test + 0.03);
        // ... and the same with the gradient-reversal objective.
        expect(r.reversal.steth).toBeLessThan(r.analytic.steth - 0.3);
        expect(r.reversal.test).toBeGreaterThan(r.analytic.test + 0.03);
        // (c) auxiliary: the nuisance is promoted, and test accuracy falls.
        expect(r.auxiliary.steth).toBeGreaterThanOrEqual(r.analytic.steth);
        expect(r.auxiliary.test).toBeLessThan(r.analytic.test - 0.01);
      }
    },
    NUISANCE_TIMEOUT_MS,
  );
});
