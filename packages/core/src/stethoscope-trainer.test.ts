import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, snapshotWeights, useCpuBackend } from '../test/fixtures';
import { type AdversarialObjective, createStethoscope } from './stethoscope';
import { createStethoscopeTrainer } from './stethoscope-trainer';
import { expectTensorsClose } from './testing';

beforeAll(useCpuBackend);

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

/**
 * The tiny network of the gradient tests: x -> Z = a*x ('enc', no bias) ->
 * logit = b*Z ('dec', no bias). The stethoscope head has one hidden unit:
 * h = relu(w1*Z + b1), logit_s = w2*h + b2.
 */
function tinySetup(
  lambda: number,
  objective?: AdversarialObjective,
  task: 'binary' | 'regression' = 'binary',
) {
  const input = tf.input({ shape: [1] });
  const z = tf.layers.dense({ units: 1, useBias: false, name: 'enc' }).apply(input) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 1, useBias: false, name: 'dec' }).apply(z) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.getLayer('enc').setWeights([tf.tensor2d([[0.5]])]);
  model.getLayer('dec').setWeights([tf.tensor2d([[2]])]);
  const steth = createStethoscope(model, { name: 'probe', tap: 'enc', task, hidden: 1, lambda, objective });
  const [w1, b1, w2, b2] = steth.head.variables;
  w1!.assign(tf.tensor2d([[1]]));
  b1!.assign(tf.tensor1d([0]));
  w2!.assign(tf.tensor2d([[3]]));
  b2!.assign(tf.tensor1d([0]));
  // SGD with learning rate 1: every update is exactly minus the gradient.
  const trainer = createStethoscopeTrainer({
    model,
    mainTask: 'binary',
    stethoscopes: [steth],
    optimizer: () => tf.train.sgd(1),
    stethoscopeOptimizer: () => tf.train.sgd(1),
  });
  const read = () => ({
    a: model.getLayer('enc').getWeights()[0]!.dataSync()[0]!,
    b: model.getLayer('dec').getWeights()[0]!.dataSync()[0]!,
    psi: steth.head.variables.map((v) => v.dataSync()[0]!),
  });
  const before = read();
  return { model, steth, trainer, read, before };
}

/** Gradients of the tiny setup at x = 1, y = 1, s = 1, worked out by hand. */
function handGradients() {
  const x = 1;
  const a = 0.5;
  const b = 2;
  const [w1, w2] = [1, 3];
  const z = a * x; // 0.5, and relu'(w1*z) = 1
  const h = Math.max(w1 * z, 0);
  const logitY = b * z; // 1
  const logitS = w2 * h; // 1.5
  const dLy_dlogit = sigmoid(logitY) - 1; // y = 1
  const dLs_dlogit = sigmoid(logitS) - 1; // s = 1
  const dLflip_dlogit = sigmoid(logitS) - 0; // flipped label 0
  return {
    Ly: { a: dLy_dlogit * b * x, b: dLy_dlogit * z },
    Ls: { a: dLs_dlogit * w2 * w1 * x },
    Lflip: { a: dLflip_dlogit * w2 * w1 * x },
    psi: [dLs_dlogit * w2 * z, dLs_dlogit * w2, dLs_dlogit * h, dLs_dlogit],
  };
}

function stepOnce(setup: ReturnType<typeof tinySetup>) {
  const x = tf.tensor2d([[1]]);
  const y = tf.tensor1d([1]);
  const s = tf.tensor1d([1]);
  setup.trainer.step({ x, y, s: { probe: s } });
  tf.dispose([x, y, s]);
  const after = setup.read();
  return {
    a: setup.before.a - after.a,
    b: setup.before.b - after.b,
    psi: setup.before.psi.map((p, i) => p - after.psi[i]!),
  };
}

describe('stethoscope trainer gradients (hand-computed, tiny network)', () => {
  const g = handGradients();
  const cases: Array<{ label: string; lambda: number; objective?: AdversarialObjective; a: number }> = [
    { label: 'analytic (lambda = 0): theta sees L_y only', lambda: 0, a: g.Ly.a },
    { label: 'auxiliary (lambda = 2): L_y + 2 L_s', lambda: 2, a: g.Ly.a + 2 * g.Ls.a },
    {
      label: 'adversarial flipped-labels (lambda = -2): L_y + 2 L_s(flipped)',
      lambda: -2,
      objective: 'flipped-labels',
      a: g.Ly.a + 2 * g.Lflip.a,
    },
    {
      label: 'adversarial gradient-reversal (lambda = -2): L_y with -2 grad L_s',
      lambda: -2,
      objective: 'gradient-reversal',
      a: g.Ly.a - 2 * g.Ls.a,
    },
    {
      label: 'adversarial negated (lambda = -2): L_y - 2 L_s',
      lambda: -2,
      objective: 'negated',
      a: g.Ly.a - 2 * g.Ls.a,
    },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const setup = tinySetup(c.lambda, c.objective);
      const d = stepOnce(setup);
      expectTensorsClose(d.a, c.a, { atol: 1e-6 });
      // The decoder is not between Z and the stethoscope: only L_y reaches it.
      expectTensorsClose(d.b, g.Ly.b, { atol: 1e-6 });
      // psi always descends grad L_s alone, whatever lambda and objective.
      expectTensorsClose(d.psi, g.psi, { atol: 1e-6 });
      setup.steth.dispose();
      setup.trainer.dispose();
    });
  }

  it('n-way flipped labels: theta descends |lambda| times the complement loss -log(1 - p_true)', () => {
    const input = tf.input({ shape: [1] });
    const z = tf.layers.dense({ units: 1, useBias: false, name: 'enc' }).apply(input) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 1, useBias: false, name: 'dec' }).apply(z) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.getLayer('enc').setWeights([tf.tensor2d([[0.5]])]);
    model.getLayer('dec').setWeights([tf.tensor2d([[2]])]);
    const steth = createStethoscope(model, {
      name: 'c',
      tap: 'enc',
      task: 'n-way',
      classes: 3,
      hidden: 1,
      lambda: -2,
    });
    const [w1, b1, w2, b2] = steth.head.variables;
    w1!.assign(tf.tensor2d([[1]]));
    b1!.assign(tf.tensor1d([0]));
    w2!.assign(tf.tensor2d([[3, 1, -1]]));
    b2!.assign(tf.tensor1d([0, 0, 0]));
    const trainer = createStethoscopeTrainer({
      model,
      mainTask: 'binary',
      stethoscopes: [steth],
      optimizer: () => tf.train.sgd(1),
      stethoscopeOptimizer: () => tf.train.sgd(1),
    });
    trainer.step({ x: tf.tensor2d([[1]]), y: tf.tensor1d([1]), s: { c: tf.tensor1d([0]) } });
    // h = relu(0.5) = 0.5, logits = [1.5, 0.5, -0.5], true class 0.
    const e = [Math.exp(1.5), Math.exp(0.5), Math.exp(-0.5)];
    const sum = e[0]! + e[1]! + e[2]!;
    const others = e[1]! + e[2]!;
    // d(-log(1 - p_0))/dlogit_j = p_j - q_j with q the softmax over classes 1 and 2 (q_0 = 0).
    const dLogits = [e[0]! / sum, e[1]! / sum - e[1]! / others, e[2]! / sum - e[2]! / others];
    const dZ = dLogits[0]! * 3 + dLogits[1]! * 1 + dLogits[2]! * -1; // times w1 = 1, relu active
    const g = handGradients();
    const a = model.getLayer('enc').getWeights()[0]!.dataSync()[0]!;
    expectTensorsClose(0.5 - a, g.Ly.a + 2 * dZ, { atol: 1e-6 });
    steth.dispose();
  });

  it('the three adversarial objectives differ as documented', () => {
    expect(g.Lflip.a).toBeGreaterThan(0);
    expect(g.Ls.a).toBeLessThan(0);
    // For two classes, flipped and negated push theta the same way but with different magnitudes.
    expect(Math.sign(g.Ly.a + 2 * g.Lflip.a)).toBe(Math.sign(g.Ly.a - 2 * g.Ls.a));
  });

  it('regression stethoscopes take gradient-reversal and negated but refuse flipped labels', () => {
    expect(() => tinySetup(-1, 'flipped-labels', 'regression')).toThrow(/undefined for regression/);
    for (const objective of ['gradient-reversal', 'negated'] as const) {
      const setup = tinySetup(-2, objective, 'regression');
      const d = stepOnce(setup);
      // MSE: L_s = (w2*relu(w1*z) - s)^2, dL/dlogit = 2 * (1.5 - 1) = 1.
      const dLs_da = 2 * (1.5 - 1) * 3 * 1 * 1;
      expectTensorsClose(d.a, g.Ly.a - 2 * dLs_da, { atol: 1e-6 });
      expectTensorsClose(d.psi, [1 * 3 * 0.5, 1 * 3, 1 * 0.5, 1], { atol: 1e-6 });
      setup.steth.dispose();
    }
  });
});

describe('analytic stethoscopes leave the main network untouched', () => {
  it('weights after 12 RMSProp steps are bit-for-bit those of training without stethoscopes', () => {
    const run = (withStethoscopes: boolean) => {
      const model = createMlp({ inputs: 5, seed: 3 });
      const stethoscopes = withStethoscopes
        ? [
            createStethoscope(model, { name: 'a', tap: 'enc1', task: 'binary', lambda: 0, seed: 1 }),
            createStethoscope(model, {
              name: 'b',
              tap: 'enc2',
              task: 'n-way',
              classes: 3,
              connection: 'sparse',
              nonZeros: 24,
              hidden: 4,
              seed: 2,
            }),
          ]
        : [];
      const trainer = createStethoscopeTrainer({ model, mainTask: 'binary', stethoscopes });
      for (let i = 0; i < 12; i++) {
        tf.tidy(() => {
          const x = tf.randomNormal([16, 5], 0, 1, 'float32', 100 + i);
          const y = tf.cast(tf.greater(x.slice([0, 0], [16, 1]).reshape([16]), 0), 'float32');
          const s = withStethoscopes
            ? {
                a: tf.cast(tf.greater(x.slice([0, 1], [16, 1]).reshape([16]), 0), 'float32'),
                b: tf.fill([16], i % 3),
              }
            : undefined;
          trainer.step({ x, y, s });
        });
      }
      const weights = snapshotWeights(model);
      trainer.dispose();
      for (const s of stethoscopes) s.dispose();
      model.dispose();
      return weights;
    };
    const plain = run(false);
    const observed = run(true);
    expect(observed.length).toBe(plain.length);
    observed.forEach((w, i) => {
      expect(w).toEqual(plain[i]);
    });
    // And training did move the weights, so the comparison is not vacuous.
    const fresh = snapshotWeights(createMlp({ inputs: 5, seed: 3 }));
    expect(plain[0]).not.toEqual(fresh[0]);
  });

  it('batches with stethoscope labels only do not reach the main optimiser (RMSProp and Adam)', () => {
    const run = (optimizer: () => tf.Optimizer, extraBatches: boolean) => {
      const model = createMlp({ inputs: 5, seed: 4 });
      const steth = createStethoscope(model, { name: 'a', tap: 'enc1', task: 'binary', lambda: 0, seed: 1 });
      const trainer = createStethoscopeTrainer({
        model,
        mainTask: 'binary',
        stethoscopes: [steth],
        optimizer,
      });
      let stethoscopeMoved = false;
      for (let i = 0; i < 6; i++) {
        tf.tidy(() => {
          const x = tf.randomNormal([16, 5], 0, 1, 'float32', 200 + i);
          const label = (column: number) =>
            tf.cast(tf.greater(x.slice([0, column], [16, 1]).reshape([16]), 0), 'float32');
          trainer.step({ x, y: label(0), s: { a: label(1) } });
          if (extraBatches) {
            // the setting of Fig. 6: more towers with stethoscope labels only
            const before = steth.head.variables[0]!.dataSync().slice();
            const extra = tf.randomNormal([16, 5], 0, 1, 'float32', 300 + i);
            trainer.step({
              x: extra,
              s: { a: tf.cast(tf.greater(extra.slice([0, 1], [16, 1]), 0), 'float32').reshape([16]) },
            });
            stethoscopeMoved ||= steth.head.variables[0]!.dataSync().some((v, j) => v !== before[j]);
          }
        });
      }
      const weights = snapshotWeights(model);
      trainer.dispose();
      steth.dispose();
      model.dispose();
      return { weights, stethoscopeMoved };
    };
    for (const optimizer of [() => tf.train.rmsprop(0.01, 0.9), () => tf.train.adam(0.01)]) {
      const plain = run(optimizer, false);
      const withExtra = run(optimizer, true);
      expect(withExtra.stethoscopeMoved).toBe(true);
      withExtra.weights.forEach((w, i) => {
        expect(w).toEqual(plain.weights[i]);
      });
    }
  });
});

describe('analytic stethoscopes on a network with batch norm and dropout', () => {
  /** x -> dense 'enc1' -> batch norm -> relu 'enc1_act' -> dropout -> dense 'logits'. */
  function createNormedMlp(): tf.LayersModel {
    const input = tf.input({ shape: [5], name: 'x' });
    let h = tf.layers
      .dense({ units: 8, name: 'enc1', kernelInitializer: tf.initializers.glorotUniform({ seed: 41 }) })
      .apply(input) as tf.SymbolicTensor;
    h = tf.layers.batchNormalization({ name: 'enc1_bn', momentum: 0.5 }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.reLU({ name: 'enc1_act' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.dropout({ rate: 0.3, name: 'drop' }).apply(h) as tf.SymbolicTensor;
    const out = tf.layers
      .dense({ units: 1, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) })
      .apply(h) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  }

  it('keep weights, moving statistics and dropout draws bit for bit (k = 3, extra stethoscope-only batches)', () => {
    const run = (withStethoscope: boolean) => {
      const model = createNormedMlp();
      const steth = withStethoscope
        ? [createStethoscope(model, { name: 'a', tap: 'enc1_act', task: 'binary', lambda: 0, seed: 1 })]
        : [];
      const trainer = createStethoscopeTrainer({
        model,
        mainTask: 'binary',
        stethoscopes: steth,
        stethoscopeSteps: 3,
        optimizer: () => tf.train.rmsprop(0.01, 0.9),
      });
      const label = (x: tf.Tensor2D, column: number) =>
        tf.cast(tf.greater(x.slice([0, column], [16, 1]).reshape([16]), 0), 'float32');
      // Unseeded dropout draws its masks from Math.random: a seeded stand-in makes both runs draw the
      // same stream, so a pass that drew masks would shift every later mask and change the weights.
      let draws = 0;
      let state = 7;
      const random = Math.random;
      Math.random = () => {
        draws++;
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state / 2 ** 32;
      };
      try {
        for (let i = 0; i < 5; i++) {
          tf.tidy(() => {
            const x = tf.randomNormal([16, 5], 0, 1, 'float32', 500 + i);
            trainer.step({ x, y: label(x, 0), s: withStethoscope ? { a: label(x, 1) } : undefined });
            if (withStethoscope) {
              const extra = tf.randomNormal([16, 5], 3, 2, 'float32', 600 + i);
              trainer.step({ x: extra, s: { a: label(extra, 1) } });
            }
          });
        }
      } finally {
        Math.random = random;
      }
      // model.weights holds the moving mean and variance besides the trainable weights
      const weights = snapshotWeights(model);
      trainer.dispose();
      for (const s of steth) s.dispose();
      model.dispose();
      return { weights, draws };
    };
    const plain = run(false);
    const observed = run(true);
    expect(observed.weights.length).toBe(plain.weights.length);
    observed.weights.forEach((w, i) => {
      expect(w).toEqual(plain.weights[i]);
    });
    expect(observed.draws).toBe(plain.draws);
    // The moving statistics did move, so the comparison is not vacuous.
    const fresh = createNormedMlp();
    const movingMean = fresh.getLayer('enc1_bn').getWeights()[2]!.dataSync();
    expect(plain.weights[4]).not.toEqual(Float32Array.from(movingMean));
    fresh.dispose();
  });
});
