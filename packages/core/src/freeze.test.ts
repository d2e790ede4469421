import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, useCpuBackend } from '../test/fixtures';
import { evaluateHeadOnFeatures, labelTensorOf, trainHeadOnFeatures } from './freeze';
import { createSeededRandom, shuffleWith } from './random';
import { createStethoscope, type Stethoscope } from './stethoscope';
import { taskAccuracy, taskLoss } from './stethoscope-losses';
import { expectNoLeakedTensors } from './testing';

beforeAll(useCpuBackend);

const COUNT = 10;
const features = () => tf.randomNormal([COUNT, 8], 0, 1, 'float32', 5);
const LABELS = Int32Array.from([0, 1, 1, 0, 1, 0, 0, 1, 1, 0]);

function probe(task: 'binary' | 'n-way' = 'binary'): Stethoscope {
  const model = createMlp({ inputs: 4, hidden: [8, 6], seed: 2 });
  return createStethoscope(model, {
    name: 'p',
    tap: 'enc1',
    task,
    classes: task === 'n-way' ? 3 : undefined,
    hidden: 5,
    seed: 9,
  });
}

const psi = (s: Stethoscope) => s.head.variables.map((v) => Array.from(v.dataSync()));

/** One hand-written step on the given rows. */
function handStep(s: Stethoscope, z: tf.Tensor, labels: tf.Tensor, rows: number[], optimizer: tf.Optimizer) {
  tf.tidy(() => {
    const idx = tf.tensor1d(rows, 'int32');
    const vars = [...s.head.variables];
    const { grads } = tf.variableGrads(
      () => taskLoss(s.task, s.head.apply(tf.gather(z, idx)), tf.gather(labels, idx)),
      vars,
    );
    optimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
  });
}

describe('labelTensorOf', () => {
  it('gives [n, 1] float32 0/1 for a one-output binary task and [n] int32 classes for n-way', () => {
    const binary = labelTensorOf({ kind: 'binary', outputs: 1 }, Int32Array.from([1, 0, 1]));
    expect([binary.dtype, binary.shape]).toEqual(['float32', [3, 1]]);
    expect(Array.from(binary.dataSync())).toEqual([1, 0, 1]);
    const classes = labelTensorOf({ kind: 'n-way', outputs: 6 }, Int32Array.from([5, 0, 3, 3]));
    expect([classes.dtype, classes.shape]).toEqual(['int32', [4]]);
    expect(Array.from(classes.dataSync())).toEqual([5, 0, 3, 3]);
    tf.dispose([binary, classes]);
  });
});

describe('trainHeadOnFeatures', () => {
  it('by default runs `steps` steps and drops leftovers at each reshuffle, as before', () => {
    const z = features();
    const labels = labelTensorOf({ kind: 'binary', outputs: 1 }, LABELS);
    const a = probe();
    const losses = trainHeadOnFeatures(a, z, labels, { steps: 5, batchSize: 4, seed: 3 });
    expect(losses).toHaveLength(5);
    // The reference: batches 0-3, 4-7 of one permutation, then a new permutation (rows 8, 9 dropped).
    const b = probe();
    const optimizer = tf.train.rmsprop(1e-3);
    const random = createSeededRandom(3);
    let order: number[] = [];
    for (let step = 0; step < 5; step++) {
      if (order.length < 4) order = shuffleWith([...Array(COUNT).keys()], random);
      handStep(b, z, labels, order.splice(0, 4), optimizer);
    }
    expect(psi(a)).toEqual(psi(b));
  });

  it('with epochs, runs full passes including the last small batch and calls onEpoch after each', () => {
    const z = features();
    const labels = labelTensorOf({ kind: 'binary', outputs: 1 }, LABELS);
    const a = probe();
    const epochs: number[] = [];
    const losses = trainHeadOnFeatures(a, z, LABELS, {
      epochs: 3,
      batchSize: 4,
      seed: 3,
      optimizer: () => tf.train.rmsprop(0.01, 0.9),
      onEpoch: (e) => epochs.push(e),
    });
    expect(epochs).toEqual([1, 2, 3]);
    expect(losses).toHaveLength(9);
    const b = probe();
    const optimizer = tf.train.rmsprop(0.01, 0.9);
    const random = createSeededRandom(3);
    for (let e = 0; e < 3; e++) {
      const order = shuffleWith([...Array(COUNT).keys()], random);
      for (let start = 0; start < COUNT; start += 4)
        handStep(b, z, labels, order.slice(start, start + 4), optimizer);
    }
    expect(psi(a)).toEqual(psi(b));
  });

  it('drops or keeps the remainder on request', () => {
    const z = features();
    expect(
      trainHeadOnFeatures(probe(), z, LABELS, { epochs: 2, batchSize: 4, keepRemainder: false }),
    ).toHaveLength(4);
    const passes: number[] = [];
    const losses = trainHeadOnFeatures(probe(), z, LABELS, {
      steps: 7,
      batchSize: 4,
      keepRemainder: true,
      onEpoch: (e) => passes.push(e),
    });
    expect(losses).toHaveLength(7);
    expect(passes).toEqual([1, 2]);
  });

  it('takes Int32Array labels for n-way and binary tasks exactly as their tensors, without leaks', () => {
    const z = features();
    for (const task of ['binary', 'n-way'] as const) {
      const ints = task === 'n-way' ? Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]) : LABELS;
      const fromInts = probe(task);
      const fromTensor = probe(task);
      const tensor = labelTensorOf(fromInts.task, ints);
      expect(tensor.shape).toEqual(task === 'n-way' ? [COUNT] : [COUNT, 1]);
      const a = expectNoLeakedTensors(() =>
        trainHeadOnFeatures(fromInts, z, ints, { steps: 4, batchSize: 3 }),
      );
      const b = trainHeadOnFeatures(fromTensor, z, tensor, { steps: 4, batchSize: 3 });
      expect(a).toEqual(b);
      expect(psi(fromInts)).toEqual(psi(fromTensor));
    }
  });

  it('rejects steps with epochs, and Int32Array labels for a multi-output task', () => {
    const z = features();
    expect(() => trainHeadOnFeatures(probe(), z, LABELS, { steps: 3, epochs: 2 })).toThrow(
      'Give steps or epochs, not both (got steps 3 and epochs 2).',
    );
    expect(() => trainHeadOnFeatures(probe(), z, LABELS, { epochs: 0 })).toThrow(
      'epochs must be a positive integer, got 0.',
    );
    expect(() => labelTensorOf({ kind: 'binary', outputs: 2 }, LABELS)).toThrow(
      /this task is binary with 2 outputs\. Pass the labels as a tensor instead\./,
    );
  });
});

describe('evaluateHeadOnFeatures', () => {
  it('takes Int32Array labels exactly as their tensors, without leaks', () => {
    const z = features();
    const categories = ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'a'];
    for (const task of ['binary', 'n-way'] as const) {
      const ints = task === 'n-way' ? Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]) : LABELS;
      const s = probe(task);
      const tensor = labelTensorOf(s.task, ints);
      const fromInts = expectNoLeakedTensors(() => evaluateHeadOnFeatures(s, z, ints, categories));
      const fromTensor = evaluateHeadOnFeatures(s, z, tensor, categories);
      expect(fromInts).toEqual(fromTensor);
      // the accuracy is taskAccuracy's on the head's logits, to the bit
      const reference = tf.tidy(() => taskAccuracy(s.task, s.head.apply(z), tensor)!.dataSync()[0]!);
      expect(fromInts.accuracy).toBe(reference);
      const correct = fromInts.perCategory!.a!.correct + fromInts.perCategory!.b!.correct;
      // (a float32 mean)
      expect(fromInts.accuracy).toBe(Math.fround(correct / COUNT));
      expect(fromInts.count).toBe(COUNT);
      tensor.dispose();
      s.dispose();
    }
    expect(() => evaluateHeadOnFeatures(probe(), z, LABELS.subarray(0, 4))).toThrow(
      /Labels for stethoscope "p" have shape \[4, 1\], expected \[10\] or \[10, 1\]/,
    );
    z.dispose();
  });
});
