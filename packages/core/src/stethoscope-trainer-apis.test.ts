import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, useCpuBackend } from '../test/fixtures';
import { InvalidArgumentError, StethoscopeModelMismatchError } from './errors';
import { exponentialDecayLearningRate } from './learning-rate-schedule';
import type { EvalRecord } from './metrics';
import { createStethoscope } from './stethoscope';
import { createStethoscopeTrainer } from './stethoscope-trainer';
import { expectNoLeakedTensors } from './testing';
import type { StethoscopeBatch } from './trainer-types';

beforeAll(useCpuBackend);

function batches(count: number): StethoscopeBatch[] {
  return Array.from({ length: count }, (_, b) =>
    tf.tidy(() => ({
      x: tf.randomNormal([6, 5], 0, 1, 'float32', 10 + b),
      y: tf.tensor1d([1, 0, 1, 0, 1, b % 2]),
      s: {
        colour: tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'),
        local: tf.tensor1d([0, 1, 1, 0, 0, b % 2]),
      },
      categories: ['easy', 'hard', 'easy', 'hard', 'easy', 'hard'],
    })),
  );
}

function setup() {
  const model = createMlp({ inputs: 5, seed: 3 });
  const colour = createStethoscope(model, {
    name: 'colour',
    tap: 'enc1',
    task: 'n-way',
    classes: 3,
    seed: 1,
  });
  const local = createStethoscope(model, { name: 'local', tap: 'enc2', task: 'binary', lambda: -1, seed: 2 });
  const trainer = createStethoscopeTrainer({ model, mainTask: 'binary', stethoscopes: [colour, local] });
  return { model, colour, local, trainer };
}

describe('a missing or unknown mainTask', () => {
  it('is an InvalidArgumentError that lists the choices, not a TypeError in the first step', () => {
    const model = createMlp({ inputs: 5, seed: 1 });
    const make = (mainTask: unknown) => () =>
      createStethoscopeTrainer({ model, mainTask: mainTask as 'binary' });
    for (const bad of [undefined, 'sigmoid']) {
      expect(make(bad)).toThrow(InvalidArgumentError);
      expect(make(bad)).toThrow(
        /mainTask must be 'binary', 'n-way', 'regression' or a loss function \(y, yPred\) => loss, got/,
      );
    }
    expect(make('sigmoid')).toThrow(/got "sigmoid"/);
    expect(make(undefined)).toThrow(/got undefined\.$/);
    expect(make('binary')).not.toThrow();
    expect(make((y: tf.Tensor, yPred: tf.Tensor) => tf.losses.meanSquaredError(y, yPred))).not.toThrow();
  });
});

describe('a stethoscope from another model', () => {
  it('is a StethoscopeModelMismatchError naming the stethoscope, not a raw "Graph disconnected"', () => {
    const a = createMlp({ inputs: 5, seed: 1 });
    const b = createMlp({ inputs: 5, seed: 2 });
    const onA = createStethoscope(a, { name: 'colour', tap: 'enc1', task: 'binary' });
    const make = () => createStethoscopeTrainer({ model: b, mainTask: 'binary', stethoscopes: [onA] });
    expect(make).toThrow(StethoscopeModelMismatchError);
    expect(make).toThrow(InvalidArgumentError);
    expect(make).toThrow(
      'Stethoscope "colour" taps "enc1" of another model, not a layer of model "mlp" that this trainer trains.',
    );
    expect(() =>
      createStethoscopeTrainer({ model: a, mainTask: 'binary', stethoscopes: [onA] }),
    ).not.toThrow();
  });

  it('is the same typed error when the other model shares the tapped layer', () => {
    const a = createMlp({ inputs: 5, seed: 1 });
    const onA = createStethoscope(a, { name: 'local', tap: 'enc2', task: 'binary' });
    const input = tf.input({ shape: [5] });
    let h = input;
    for (const name of ['enc1', 'enc2', 'logits']) h = a.getLayer(name).apply(h) as tf.SymbolicTensor;
    const b = tf.model({ inputs: input, outputs: h, name: 'sharing' });
    let thrown: unknown;
    try {
      createStethoscopeTrainer({ model: b, mainTask: 'binary', stethoscopes: [onA] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StethoscopeModelMismatchError);
    expect((thrown as Error).message).toMatch(
      /^Stethoscope "local" taps "enc2" of another model, not a layer of model "sharing"/,
    );
    expect(String((thrown as Error).cause)).toMatch(/Graph disconnected/);
  });
});

describe('trainer.predict', () => {
  it('returns the main output and each stethoscope head on its tap, in inference mode, without leaks', () => {
    const { model, colour, local, trainer } = setup();
    trainer.step(batches(1)[0]!);
    const x = tf.randomNormal([4, 5], 0, 1, 'float32', 7);
    const weights = model.weights.map((w) => Array.from(w.read().dataSync()));
    expectNoLeakedTensors(
      () => {
        const prediction = trainer.predict(x);
        const expected = tf.tidy(() => {
          const main = model.predict(x) as tf.Tensor;
          const enc1 = tf.model({
            inputs: model.inputs,
            outputs: model.getLayer('enc1').output as tf.SymbolicTensor,
          });
          const enc2 = tf.model({
            inputs: model.inputs,
            outputs: model.getLayer('enc2').output as tf.SymbolicTensor,
          });
          return [
            Array.from(main.dataSync()),
            Array.from(colour.head.apply(enc1.predict(x) as tf.Tensor).dataSync()),
            Array.from(local.head.apply(enc2.predict(x) as tf.Tensor).dataSync()),
          ];
        });
        expect(prediction.output.shape).toEqual([4, 1]);
        expect(prediction.stethoscopes.colour!.shape).toEqual([4, 3]);
        expect(prediction.stethoscopes.local!.shape).toEqual([4, 1]);
        expect(Array.from(prediction.output.dataSync())).toEqual(expected[0]);
        expect(Array.from(prediction.stethoscopes.colour!.dataSync())).toEqual(expected[1]);
        expect(Array.from(prediction.stethoscopes.local!.dataSync())).toEqual(expected[2]);
        tf.dispose([prediction.output, ...Object.values(prediction.stethoscopes)]);
      },
      { what: 'trainer.predict, once its result is disposed' },
    );
    expect(trainer.stepCount).toBe(1);
    expect(model.weights.map((w) => Array.from(w.read().dataSync()))).toEqual(weights);
  });
});

describe('trainer.evaluate over an async iterable', () => {
  it('gives exactly the record of the same batches in memory', async () => {
    const { trainer } = setup();
    const data = batches(3);
    trainer.step(data[0]!);
    const records: EvalRecord[] = [];
    trainer.onMetrics((r) => {
      if (r.type === 'eval') records.push(r);
    });
    const inMemory = trainer.evaluate(data, 'test');
    async function* stream() {
      for (const b of data) yield b;
    }
    const streamed = await trainer.evaluate(stream(), 'test');
    expect(streamed).toEqual(inMemory);
    expect(streamed.count).toBe(18);
    expect(streamed.stethoscopes.colour!.count).toBe(18);
    expect(streamed.mainPerCategory!.easy!.count).toBe(9);
    expect(records).toHaveLength(2);
  });

  it('rejects a bad batch in the stream with the in-memory error', async () => {
    const { trainer } = setup();
    async function* stream() {
      yield { x: tf.zeros([2, 5]), y: tf.zeros([3]) };
    }
    await expect(trainer.evaluate(stream())).rejects.toThrow(/Labels for the main task have shape \[3\]/);
  });
});

describe('trainer.evaluate on batch statistics', () => {
  /** x -> batch norm (moving mean 0, variance 1, epsilon 1e-3, momentum 0.99) -> one logit, weight 1, bias 0. */
  function batchNormModel() {
    const input = tf.input({ shape: [1] });
    const normed = tf.layers.batchNormalization({ name: 'bn' }).apply(input) as tf.SymbolicTensor;
    const logit = tf.layers
      .dense({ name: 'out', units: 1, kernelInitializer: 'ones', biasInitializer: 'zeros' })
      .apply(normed) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: logit });
  }
  const movingMean = (model: tf.LayersModel) => model.getLayer('bn').getWeights()[2]!.dataSync()[0]!;
  const softplus = (z: number) => Math.log1p(Math.exp(z));

  it('normalises with the batch mean and variance, not the moving averages, and folds them into the averages', async () => {
    const model = batchNormModel();
    const trainer = createStethoscopeTrainer({ model, mainTask: 'binary' });
    const batch = { x: tf.tensor2d([[9], [11]]), y: tf.tensor2d([[0], [1]]) };

    // Moving averages: logits 9 / sqrt(1.001) and 11 / sqrt(1.001), both say 1.
    const inference = expectNoLeakedTensors(() => trainer.evaluate(batch, 'test'));
    const movingLogits = [9 / Math.sqrt(1.001), 11 / Math.sqrt(1.001)];
    expect(inference.mainAccuracy).toBe(0.5);
    expect(inference.mainLoss).toBeCloseTo((softplus(movingLogits[0]!) + softplus(-movingLogits[1]!)) / 2, 4);
    expect(movingMean(model)).toBe(0);

    // Batch statistics: mean 10, variance 1, so logits -+1 / sqrt(1.001): both right.
    const batchLogit = 1 / Math.sqrt(1.001);
    const withBatch = expectNoLeakedTensors(() =>
      trainer.evaluate(batch, { split: 'test', batchStatistics: true }),
    );
    expect(withBatch.split).toBe('test');
    expect(withBatch.mainAccuracy).toBe(1);
    expect(withBatch.mainLoss).toBeCloseTo(softplus(-batchLogit), 4);
    expect(movingMean(model)).toBeCloseTo(0.01 * 10, 5);

    // The same record from a stream; the moving averages it moved do not enter it.
    async function* stream() {
      yield batch;
    }
    expect(await trainer.evaluate(stream(), { split: 'test', batchStatistics: true })).toEqual(withBatch);
    trainer.dispose();
    model.dispose();
    tf.dispose(batch);
  });
});

describe('learning-rate schedules in the trainer', () => {
  const rateOf = (o: tf.Optimizer) => (o as unknown as { learningRate: number }).learningRate;

  it('sets theta and psi rates per epoch, also on optimisers made later', async () => {
    const model = createMlp({ inputs: 5, seed: 3 });
    const probe = createStethoscope(model, { name: 'local', tap: 'enc2', task: 'binary' });
    const made: { theta: tf.Optimizer[]; psi: tf.Optimizer[] } = { theta: [], psi: [] };
    const trainer = createStethoscopeTrainer({
      model,
      mainTask: 'binary',
      stethoscopes: [probe],
      optimizer: () => {
        const o = tf.train.rmsprop(1);
        made.theta.push(o);
        return o;
      },
      stethoscopeOptimizer: () => {
        const o = tf.train.adam(1);
        made.psi.push(o);
        return o;
      },
      learningRate: exponentialDecayLearningRate({ initial: 0.01, decay: 0.5 }),
      stethoscopeLearningRate: 0.002,
    });
    expect(trainer.epoch).toBe(0);
    expect(rateOf(made.theta[0]!)).toBe(0.01);
    expect(rateOf(made.psi[0]!)).toBe(0.002);
    trainer.setEpoch(3);
    expect(trainer.epoch).toBe(3);
    expect(rateOf(made.theta[0]!)).toBe(0.01 * 0.5 ** 3);
    expect(rateOf(made.psi[0]!)).toBe(0.002);
    trainer.resetStethoscope('local');
    expect(rateOf(made.psi[1]!)).toBe(0.002);
    await trainer.setState(await trainer.getState());
    expect(rateOf(made.theta.at(-1)!)).toBe(0.01 * 0.5 ** 3);
    expect(() => trainer.setEpoch(-1)).toThrow(/non-negative integer epoch, got -1/);
  });

  it('training uses the scheduled rate: the same as an optimiser built with that rate', () => {
    const run = (options: { rate?: number; epoch?: number }) => {
      const model = createMlp({ inputs: 5, seed: 4 });
      const trainer = createStethoscopeTrainer({
        model,
        mainTask: 'binary',
        optimizer: () => tf.train.rmsprop(options.rate ?? 0.05),
        learningRate:
          options.epoch === undefined
            ? undefined
            : exponentialDecayLearningRate({ initial: 0.05, decay: 0.1 }),
      });
      if (options.epoch !== undefined) trainer.setEpoch(options.epoch);
      for (const b of batches(2)) trainer.step({ x: b.x, y: b.y });
      return model.weights.map((w) => Array.from(w.read().dataSync()));
    };
    const scheduled = run({ epoch: 2 });
    expect(scheduled).toEqual(run({ rate: 0.05 * 0.1 ** 2 }));
    expect(scheduled).not.toEqual(run({ rate: 0.05 }));
  });
});
