import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/fixtures';
import { createStethoscopeHead } from './stethoscope-head';
import { expectNoLeakedTensors, expectTensorsClose } from './testing';

beforeAll(useCpuBackend);

describe('stethoscope head', () => {
  it('dense: relu(x W1 + b1) W2 + b2 on the flattened input', () => {
    const head = createStethoscopeHead({ name: 'h', inputShape: [2, 2], outputs: 2, hidden: 3, seed: 1 });
    const [w1, b1, w2, b2] = head.variables.map((v) => v.arraySync()) as [
      number[][],
      number[],
      number[][],
      number[],
    ];
    const x = [1, -2, 0.5, 3];
    const h = [0, 1, 2].map((j) => Math.max(0, x.reduce((acc, xi, i) => acc + xi * w1[i]![j]!, 0) + b1[j]!));
    const out = [0, 1].map((k) => h.reduce((acc, hj, j) => acc + hj * w2[j]![k]!, 0) + b2[k]!);
    expectTensorsClose(
      head.apply(
        tf.tensor3d([
          [
            [1, -2],
            [0.5, 3],
          ],
        ]),
      ),
      [out],
      { atol: 1e-5 },
    );
    expect(head.variables[0]!.shape).toEqual([4, 3]);
    head.dispose();
  });

  it('sparse: equals a dense layer whose matrix is zero off the layout', () => {
    const head = createStethoscopeHead({
      name: 'h',
      inputShape: [10],
      outputs: 1,
      hidden: 4,
      connection: 'sparse',
      nonZeros: 12,
      seed: 2,
    });
    const sparse = head.sparse!;
    expect(sparse.perHidden).toBe(3);
    expect(head.variables[0]!.shape).toEqual([12]);
    const values = head.variables[0]!.dataSync();
    const dense = Array.from({ length: 10 }, () => new Array<number>(4).fill(0));
    for (let j = 0; j < 4; j++) {
      for (let t = 0; t < 3; t++) dense[sparse.inputIndices[j * 3 + t]!]![j]! += values[j * 3 + t]!;
    }
    const b1 = head.variables[1]!;
    const w2 = head.variables[2]!;
    const b2 = head.variables[3]!;
    const x = tf.randomNormal([5, 10], 0, 1, 'float32', 9);
    const expected = tf.tidy(() =>
      tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, tf.tensor2d(dense)), b1)), w2 as tf.Tensor2D), b2),
    );
    expectTensorsClose(head.apply(x), expected, { atol: 1e-5 });
    // The custom gather gradient (scatterND) matches the dense equivalent's input gradient.
    const denseGrad = tf.grad((input: tf.Tensor) =>
      tf.sum(
        tf.add(
          tf.matMul(
            tf.relu(tf.add(tf.matMul(input as tf.Tensor2D, tf.tensor2d(dense)), b1)),
            w2 as tf.Tensor2D,
          ),
          b2,
        ),
      ),
    )(x);
    const sparseGrad = tf.grad((input: tf.Tensor) => tf.sum(head.apply(input)))(x);
    expectTensorsClose(sparseGrad, denseGrad, { atol: 1e-5 });
    head.dispose();
  });

  it('is deterministic for a seed, re-initialises, and frees its tensors', () => {
    expectNoLeakedTensors(() => {
      const a = createStethoscopeHead({
        name: 'a',
        inputShape: [6],
        outputs: 3,
        seed: 7,
        connection: 'sparse',
        nonZeros: 128,
      });
      const b = createStethoscopeHead({
        name: 'b',
        inputShape: [6],
        outputs: 3,
        seed: 7,
        connection: 'sparse',
        nonZeros: 128,
      });
      expectTensorsClose(a.variables[0]!, b.variables[0]!, { atol: 0 });
      b.reinitialize(8);
      expect(Array.from(b.variables[0]!.dataSync())).not.toEqual(Array.from(a.variables[0]!.dataSync()));
      expectNoLeakedTensors(() => {
        tf.tidy(() => {
          a.apply(tf.ones([2, 6]));
        });
      });
      a.dispose();
      b.dispose();
    });
  });

  it('rejects inputs with unknown dimensions', () => {
    expect(() => createStethoscopeHead({ name: 'h', inputShape: [4, Number.NaN], outputs: 1 })).toThrow(
      /every dimension after the batch must be known/,
    );
  });
});
