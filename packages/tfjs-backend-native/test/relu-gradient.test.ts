/** Relu's fused native gradient (src/relu-gradient.ts) gives tfjs's values bit for bit, NaN included. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compareBackends, nativeKernelCounts, rand } from './compare';

describe('Relu gradient on native', () => {
  it('equals cpu exactly on random shapes, zeros and NaN, in one native kernel', () => {
    nativeKernelCounts(true);
    const shapes = [[7], [3, 5], [4, 9, 9, 6], [32, 16, 16, 16]];
    shapes.forEach((shape, i) => {
      const x = rand(shape, 300 + i);
      const w = rand(shape, 400 + i);
      expect(
        compareBackends(() => tf.grad((a: tf.Tensor) => tf.relu(a).mul(w).sum())(x)),
        JSON.stringify(shape),
      ).toBe(0);
    });
    const special = tf.tensor1d([
      0,
      -0,
      1,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    const dy = tf.tensor1d([2, 2, 2, 2, 2, 2, 2]);
    tf.setBackend('native');
    const g = tf.grad((a: tf.Tensor) => tf.relu(a).mul(dy).sum())(special);
    const values = Array.from(g.dataSync());
    expect(values.slice(0, 4)).toEqual([0, 0, 2, 0]);
    expect(Number.isNaN(values[4])).toBe(true);
    expect(values.slice(5)).toEqual([2, 0]);
    expect(nativeKernelCounts().StethReluGrad?.native).toBe(shapes.length + 1);
  });
});
