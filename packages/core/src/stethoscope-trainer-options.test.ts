import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, snapshotWeights, useCpuBackend } from '../test/fixtures';
import { createJsonLinesListener, type MetricsRecord } from './metrics';
import { createStethoscope } from './stethoscope';
import { createStethoscopeTrainer } from './stethoscope-trainer';

beforeAll(useCpuBackend);

function batch() {
  return tf.tidy(() => {
    const x = tf.randomNormal([8, 5], 0, 1, 'float32', 3);
    return {
      x,
      y: tf.tensor1d([1, 0, 1, 0, 1, 1, 0, 0]),
      s: { probe: tf.tensor1d([0, 1, 1, 0, 0, 1, 1, 0]) },
    };
  });
}

describe('trainer options', () => {
  it('k stethoscope steps update psi k times per main step, theta once', () => {
    const counts: number[] = [];
    for (const k of [1, 3]) {
      const model = createMlp({ inputs: 5, seed: 1 });
      const probe = createStethoscope(model, { name: 'probe', tap: 'enc1', task: 'binary', lambda: -1 });
      const psiOptimizer = tf.train.sgd(0.1);
      const thetaOptimizer = tf.train.sgd(0.1);
      const trainer = createStethoscopeTrainer({
        model,
        mainTask: 'binary',
        stethoscopes: [probe],
        stethoscopeSteps: k,
        optimizer: () => thetaOptimizer,
        stethoscopeOptimizer: () => psiOptimizer,
      });
      trainer.step(batch());
      trainer.step(batch());
      counts.push(psiOptimizer.iterations, thetaOptimizer.iterations);
      expect(trainer.stepCount).toBe(2);
    }
    expect(counts).toEqual([2, 2, 6, 2]);
  });

  it('freezing keeps theta bit for bit while a reset stethoscope learns again (Appendix A)', () => {
    const model = createMlp({ inputs: 5, seed: 2 });
    const probe = createStethoscope(model, {
      name: 'probe',
      tap: 'enc2',
      task: 'binary',
      lambda: -1,
      seed: 4,
    });
    const trainer = createStethoscopeTrainer({ model, mainTask: 'binary', stethoscopes: [probe] });
    const b = batch();
    trainer.step(b);
    const theta = snapshotWeights(model);
    const psiBefore = probe.head.variables.map((v) => Float32Array.from(v.dataSync()));
    trainer.setFrozen(true);
    trainer.resetStethoscope('probe');
    const psiReset = probe.head.variables.map((v) => Float32Array.from(v.dataSync()));
    expect(psiReset[0]).not.toEqual(psiBefore[0]);
    let last = Number.POSITIVE_INFINITY;
    let first = 0;
    for (let i = 0; i < 40; i++) {
      const r = trainer.step(b);
      if (i === 0) first = r.stethoscopes.probe!.loss;
      last = r.stethoscopes.probe!.loss;
      expect(r.mainLoss).toBeNull(); // theta is frozen: no main update, no main loss reported
    }
    expect(snapshotWeights(model)).toEqual(theta);
    expect(last).toBeLessThan(first);
  });

  it('stethoscopeStep trains psi only and does not advance the schedule', () => {
    const model = createMlp({ inputs: 5, seed: 3 });
    const probe = createStethoscope(model, { name: 'probe', tap: 'enc1', task: 'binary', lambda: 5 });
    const trainer = createStethoscopeTrainer({ model, mainTask: 'binary', stethoscopes: [probe] });
    const theta = snapshotWeights(model);
    const psi = Float32Array.from(probe.head.variables[2]!.dataSync());
    trainer.stethoscopeStep(batch());
    expect(snapshotWeights(model)).toEqual(theta);
    expect(Float32Array.from(probe.head.variables[2]!.dataSync())).not.toEqual(psi);
    expect(trainer.stepCount).toBe(0);
  });

  it('a batch without main labels trains the stethoscopes and their theta terms only', () => {
    const model = createMlp({ inputs: 5, seed: 3 });
    const probe = createStethoscope(model, { name: 'probe', tap: 'enc1', task: 'binary', lambda: 0 });
    const trainer = createStethoscopeTrainer({ model, mainTask: 'binary', stethoscopes: [probe] });
    const theta = snapshotWeights(model);
    const b = batch();
    const r = trainer.step({ x: b.x, s: b.s });
    expect(r.mainLoss).toBeNull();
    expect(r.stethoscopes.probe!.loss).toBeGreaterThan(0);
    expect(snapshotWeights(model)).toEqual(theta); // analytic and no main labels: nothing reaches theta
  });

  it('gradient cosine at the tapped layer matches the hand-computed value', () => {
    // x = 1 -> Z = [a1, a2] = [0.5, 1] ('enc', no bias) -> logit = 2*z1 - z2 = 0.
    // Head: h = relu(z1 + z2) = 1.5, logit_s = 3h.
    // dL_y/da = (sigmoid(0) - 1) * [2, -1] = [-1, 0.5]; dL_s/da = c * [1, 1] with c < 0.
    // cos = (-0.5 c) / (sqrt(1.25) * sqrt(2) |c|) = 0.5 / sqrt(2.5).
    const input = tf.input({ shape: [1] });
    const z = tf.layers.dense({ units: 2, useBias: false, name: 'enc' }).apply(input) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 1, useBias: false, name: 'dec' }).apply(z) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.getLayer('enc').setWeights([tf.tensor2d([[0.5, 1]])]);
    model.getLayer('dec').setWeights([tf.tensor2d([[2], [-1]])]);
    const probe = createStethoscope(model, { name: 'probe', tap: 'enc', task: 'binary', hidden: 1 });
    const [w1, b1, w2, b2] = probe.head.variables;
    w1!.assign(tf.tensor2d([[1], [1]]));
    b1!.assign(tf.tensor1d([0]));
    w2!.assign(tf.tensor2d([[3]]));
    b2!.assign(tf.tensor1d([0]));
    const trainer = createStethoscopeTrainer({
      model,
      mainTask: 'binary',
      stethoscopes: [probe],
      gradientCosine: true,
    });
    const r = trainer.step({ x: tf.tensor2d([[1]]), y: tf.tensor1d([1]), s: { probe: tf.tensor1d([1]) } });
    expect(r.stethoscopes.probe!.gradientCosine).toBeCloseTo(0.5 / Math.sqrt(2.5), 5);
  });

  it('metrics come out as plain JSON lines through callbacks', () => {
    const model = createMlp({ inputs: 5, seed: 3 });
    const probe = createStethoscope(model, { name: 'probe', tap: 'enc1', task: 'binary', lambda: -0.5 });
    const lines: string[] = [];
    const seen: MetricsRecord[] = [];
    const trainer = createStethoscopeTrainer({
      model,
      mainTask: 'binary',
      stethoscopes: [probe],
      onMetrics: createJsonLinesListener((line) => lines.push(line)),
    });
    const stop = trainer.onMetrics((r) => seen.push(r));
    const b = batch();
    trainer.step(b);
    trainer.evaluate([b, b], 'test');
    stop();
    trainer.step(b);
    expect(seen.map((r) => r.type)).toEqual(['step', 'eval']);
    expect(lines.length).toBe(3);
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
    const step = JSON.parse(lines[0]!);
    expect(step).toMatchObject({
      type: 'step',
      step: 0,
      stethoscopes: { probe: { lambda: -0.5, mode: 'adversarial', objective: 'flipped-labels' } },
    });
    expect(typeof step.mainLoss).toBe('number');
    const evaluation = JSON.parse(lines[1]!);
    expect(evaluation).toMatchObject({ type: 'eval', step: 1, split: 'test', count: 16 });
    expect(evaluation.stethoscopes.probe.count).toBe(16);
    expect(evaluation.mainAccuracy).toBeGreaterThanOrEqual(0);
  });

  it('taps a conv layer (flattened, sparse head) in a two-input model', () => {
    // Like MNIST-hints variant 1: an image path and a hint path, joined before the decoder.
    const image = tf.input({ shape: [6, 6, 1], name: 'image' });
    const hint = tf.input({ shape: [3], name: 'hint' });
    const conv = tf.layers
      .conv2d({ filters: 2, kernelSize: 3, activation: 'relu', name: 'conv' })
      .apply(image) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
    const hintCode = tf.layers
      .dense({ units: 3, useBias: false, name: 'hint_encoder' })
      .apply(hint) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate().apply([flat, hintCode]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3, name: 'digits' }).apply(joined) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [image, hint], outputs: out });
    const onConv = createStethoscope(model, {
      name: 'conv',
      tap: 'conv',
      task: 'binary',
      connection: 'sparse',
      nonZeros: 64,
      hidden: 8,
    });
    const onHint = createStethoscope(model, {
      name: 'hint',
      tap: 'hint_encoder',
      task: 'n-way',
      classes: 3,
      lambda: -1,
    });
    expect(onConv.head.inputSize).toBe(4 * 4 * 2);
    const trainer = createStethoscopeTrainer({ model, mainTask: 'n-way', stethoscopes: [onConv, onHint] });
    const x = [
      tf.randomNormal([4, 6, 6, 1], 0, 1, 'float32', 1),
      tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3),
    ];
    const hintBefore = Float32Array.from(model.getLayer('hint_encoder').getWeights()[0]!.dataSync());
    const r = trainer.step({
      x,
      y: tf.tensor1d([0, 1, 2, 0]),
      s: { conv: tf.tensor1d([1, 0, 1, 0]), hint: tf.tensor1d([0, 1, 2, 0]) },
    });
    expect(Object.keys(r.stethoscopes).sort()).toEqual(['conv', 'hint']);
    expect(r.stethoscopes.hint!.mode).toBe('adversarial');
    expect(Float32Array.from(model.getLayer('hint_encoder').getWeights()[0]!.dataSync())).not.toEqual(
      hintBefore,
    );
  });

  it('evaluate reports accuracy per category for the main task and each stethoscope', () => {
    // x = [a, b]; main logit = a ('dec' reads the first unit), stethoscope logit = b.
    const input = tf.input({ shape: [2] });
    const z = tf.layers.dense({ units: 2, useBias: false, name: 'enc' }).apply(input) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 1, useBias: false, name: 'dec' }).apply(z) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.getLayer('enc').setWeights([
      tf.tensor2d([
        [1, 0],
        [0, 1],
      ]),
    ]);
    model.getLayer('dec').setWeights([tf.tensor2d([[1], [0]])]);
    const probe = createStethoscope(model, { name: 'probe', tap: 'enc', task: 'binary', hidden: 2 });
    const [w1, b1, w2, b2] = probe.head.variables;
    w1!.assign(
      tf.tensor2d([
        [0, 0],
        [1, -1],
      ]),
    ); // h = [relu(b), relu(-b)]
    b1!.assign(tf.zeros([2]));
    w2!.assign(tf.tensor2d([[1], [-1]])); // logit = b
    b2!.assign(tf.zeros([1]));
    const trainer = createStethoscopeTrainer({ model, mainTask: 'binary', stethoscopes: [probe] });
    const x = tf.tensor2d([
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ]);
    const y = tf.tensor1d([1, 0, 0, 0]); // main right on examples 0, 2, 3
    const s = tf.tensor1d([1, 0, 1, 1]); // probe right on examples 0, 1, 2
    const r = trainer.evaluate([{ x, y, s: { probe: s }, categories: ['easy', 'easy', 'hard', 'hard'] }]);
    expect(r.mainAccuracy).toBeCloseTo(0.75, 6);
    expect(r.mainPerCategory).toEqual({
      easy: { accuracy: 0.5, correct: 1, count: 2 },
      hard: { accuracy: 1, correct: 2, count: 2 },
    });
    expect(r.stethoscopes.probe!.perCategory).toEqual({
      easy: { accuracy: 1, correct: 2, count: 2 },
      hard: { accuracy: 0.5, correct: 1, count: 2 },
    });
    expect(() => trainer.evaluate({ x, y, categories: ['easy'] })).toThrow(/1 categories for 4 examples/);
  });
});
