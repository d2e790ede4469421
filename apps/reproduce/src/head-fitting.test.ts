import { createStethoscope, evaluateHeadOnFeatures, trainHeadOnFeatures } from '@steth/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { headOptimizer } from './head-fitting';

// a frozen "network": one dense layer whose output the heads read
const input = tf.input({ shape: [6] });
const dense = tf.layers.dense({ units: 6, name: 'z', kernelInitializer: 'identity', useBias: false });
const model = tf.model({
  inputs: input,
  outputs: tf.layers.dense({ units: 1 }).apply(dense.apply(input)) as tf.SymbolicTensor,
});
afterAll(() => model.dispose());

function data(n: number, seed: number) {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  const x = Array.from({ length: n * 6 }, next);
  const binary = Int32Array.from({ length: n }, (_, i) => (x[i * 6]! + x[i * 6 + 1]! > 0 ? 1 : 0));
  const classes = Int32Array.from({ length: n }, (_, i) =>
    x[i * 6 + 2]! > 0.15 ? 2 : x[i * 6 + 2]! > -0.15 ? 1 : 0,
  );
  return { features: tf.tensor2d(x, [n, 6]), binary, classes };
}

describe('head fitting with core', () => {
  it('trains a binary and an n-way head on frozen features well above chance, reporting each epoch', () => {
    const train = data(600, 1);
    const test = data(300, 2);
    const binary = createStethoscope(model, { name: 'b', tap: 'z', task: 'binary', hidden: 16, seed: 3 });
    const nWay = createStethoscope(model, {
      name: 'n',
      tap: 'z',
      task: 'n-way',
      classes: 3,
      hidden: 16,
      seed: 4,
    });
    const before = evaluateHeadOnFeatures(binary, test.features, test.binary).accuracy!;
    const epochs: number[] = [];
    trainHeadOnFeatures(binary, train.features, train.binary, {
      epochs: 8,
      batchSize: 32,
      optimizer: headOptimizer(1e-2),
      seed: 0,
      onEpoch: (e) => epochs.push(e),
    });
    trainHeadOnFeatures(nWay, train.features, train.classes, {
      epochs: 8,
      batchSize: 32,
      optimizer: headOptimizer(1e-2),
      seed: 0,
    });
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(evaluateHeadOnFeatures(binary, test.features, test.binary).accuracy).toBeGreaterThan(
      Math.max(0.9, before),
    );
    expect(evaluateHeadOnFeatures(nWay, test.features, test.classes).accuracy).toBeGreaterThan(0.85);
    expect(() => trainHeadOnFeatures(binary, train.features, test.binary, { epochs: 1 })).toThrow(
      /Labels for stethoscope "b" have shape \[300, 1\], expected \[600\] or \[600, 1\]/,
    );
    tf.dispose([train.features, test.features]);
    binary.dispose();
    nWay.dispose();
  });
});
