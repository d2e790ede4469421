import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/fixtures';
import {
  complementCrossEntropy,
  flippedTaskLoss,
  meanSquaredError,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  taskAccuracy,
  validateLabels,
} from './stethoscope-losses';
import { expectTensorsClose } from './testing';

beforeAll(useCpuBackend);

const softplus = (t: number) => Math.log(1 + Math.exp(t));

describe('stethoscope losses', () => {
  it('sigmoid cross-entropy matches softplus by hand, also for large logits', () => {
    const z = tf.tensor1d([2, -1, 40]);
    const y = tf.tensor1d([1, 1, 0]);
    // CE(z, 1) = softplus(-z), CE(z, 0) = softplus(z) = z + softplus(-z).
    expectTensorsClose(
      sigmoidCrossEntropy({ logits: z, labels: y }),
      (softplus(-2) + softplus(1) + (40 + softplus(-40))) / 3,
      {
        rtol: 1e-5,
      },
    );
  });

  it('softmax cross-entropy and its gradient p - onehot', () => {
    const z = tf.tensor2d([[1, 2, 0]]);
    const label = tf.tensor1d([1]);
    const e = [Math.exp(1), Math.exp(2), Math.exp(0)];
    const sum = e[0]! + e[1]! + e[2]!;
    expectTensorsClose(softmaxCrossEntropy({ logits: z, labels: label }), -Math.log(e[1]! / sum));
    const grad = tf.grad((logits: tf.Tensor) => softmaxCrossEntropy({ logits, labels: label }))(z);
    expectTensorsClose(grad, [[e[0]! / sum, e[1]! / sum - 1, e[2]! / sum]]);
  });

  it('n-way flipped loss is the complement loss -log(1 - p_true), with its gradient', () => {
    const z = tf.tensor2d([[1, 2, 0]]);
    const label = tf.tensor1d([1]);
    const e = [Math.exp(1), Math.exp(2), Math.exp(0)];
    const sum = e[0]! + e[1]! + e[2]!;
    const pTrue = e[1]! / sum;
    expectTensorsClose(complementCrossEntropy({ logits: z, labels: label }), -Math.log(1 - pTrue), {
      rtol: 1e-5,
    });
    expectTensorsClose(flippedTaskLoss({ kind: 'n-way', outputs: 3 }, z, label), -Math.log(1 - pTrue), {
      rtol: 1e-5,
    });
    // d/dz_j [logsumexp(z) - logsumexp(z without true)] = p_j - q_j, q = softmax over the other classes.
    const others = e[0]! + e[2]!;
    const grad = tf.grad((logits: tf.Tensor) => complementCrossEntropy({ logits, labels: label }))(z);
    expectTensorsClose(grad, [[e[0]! / sum - e[0]! / others, pTrue, e[2]! / sum - e[2]! / others]], {
      atol: 1e-6,
    });
  });

  it('for two classes the complement loss equals cross-entropy with the labels flipped (Eq. 2)', () => {
    const z = tf.tensor2d([
      [0.3, -1.2],
      [2, 0.5],
    ]);
    const labels = tf.tensor1d([0, 1]);
    const flipped = tf.tensor1d([1, 0]);
    expectTensorsClose(
      complementCrossEntropy({ logits: z, labels }),
      softmaxCrossEntropy({ logits: z, labels: flipped }),
      { atol: 1e-6 },
    );
  });

  it('binary flipped loss uses labels 1 - s', () => {
    const z = tf.tensor1d([0.7, -0.2]);
    const s = tf.tensor1d([1, 0]);
    expectTensorsClose(
      flippedTaskLoss({ kind: 'binary', outputs: 1 }, z, s),
      (softplus(0.7) + softplus(0.2)) / 2,
    );
  });

  it('mean squared error and accuracies', () => {
    expectTensorsClose(
      meanSquaredError({ predictions: tf.tensor1d([1, 3]), labels: tf.tensor1d([0, 1]) }),
      (1 + 4) / 2,
    );
    const acc = taskAccuracy(
      { kind: 'binary', outputs: 1 },
      tf.tensor2d([[0.1], [-2], [3]]),
      tf.tensor1d([1, 1, 0]),
    );
    expectTensorsClose(acc!, 1 / 3);
    const nacc = taskAccuracy(
      { kind: 'n-way', outputs: 3 },
      tf.tensor2d([
        [0, 1, 0],
        [5, 1, 0],
      ]),
      tf.tensor1d([1, 2]),
    );
    expectTensorsClose(nacc!, 0.5);
    expect(taskAccuracy({ kind: 'regression', outputs: 1 }, tf.tensor1d([1]), tf.tensor1d([1]))).toBeNull();
  });

  it('rejects labels of the wrong shape or range with a clear message', () => {
    expect(() =>
      validateLabels({ kind: 'binary', outputs: 1 }, tf.tensor1d([1, 0, 1]), 4, 'stethoscope "x"'),
    ).toThrow(/Labels for stethoscope "x" have shape \[3\], expected \[4\] or \[4, 1\]/);
    expect(() =>
      validateLabels({ kind: 'n-way', outputs: 3 }, tf.tensor1d([0, 3]), 2, 'stethoscope "x"'),
    ).toThrow(
      /Label 3 at index 1 .* out of range: an n-way task with 3 classes expects integer class indices in \[0, 2\]/,
    );
    expect(() => validateLabels({ kind: 'n-way', outputs: 3 }, tf.tensor1d([0.5, 1]), 2, 'm')).toThrow(
      /out of range/,
    );
    expect(() => validateLabels({ kind: 'binary', outputs: 1 }, tf.tensor1d([2]), 1, 'm')).toThrow(
      /\[0, 1\]/,
    );
    expect(() => validateLabels({ kind: 'regression', outputs: 2 }, tf.tensor1d([2, 1]), 2, 'm')).toThrow(
      /expected \[2, 2\]/,
    );
    expect(() =>
      validateLabels({ kind: 'regression', outputs: 2 }, tf.tensor2d([[2, 1]]), 1, 'm'),
    ).not.toThrow();
  });

  it('named arguments: a missing, positional or mis-shaped field is a clear error', () => {
    const z = tf.tensor2d([
      [1, 2, 0],
      [0, 1, 2],
    ]);
    const labels = tf.tensor1d([1, 2]);
    expect(() => softmaxCrossEntropy({ logits: z } as never)).toThrow(
      /softmaxCrossEntropy: `labels` is missing\. Call it as softmaxCrossEntropy\(\{ logits, labels \}\)/,
    );
    expect(() => sigmoidCrossEntropy({ labels, logits: [1, 2] } as never)).toThrow(
      /sigmoidCrossEntropy: `logits` is object, not a tensor/,
    );
    // The old positional call, as plain JavaScript would still make it.
    expect(() => (softmaxCrossEntropy as (...a: unknown[]) => unknown)(z, labels)).toThrow(
      /takes one object of named tensors, softmaxCrossEntropy\(\{ logits, labels \}\), not positional tensors/,
    );
    // Swapped fields: labels [2] where logits [B, C] belong.
    expect(() => softmaxCrossEntropy({ logits: labels, labels: z })).toThrow(
      /softmaxCrossEntropy: logits have shape \[2\] and labels \[2, 3\]; expected logits \[batch, classes\]/,
    );
    expect(() => complementCrossEntropy({ logits: z, labels: tf.tensor1d([1, 2, 0]) })).toThrow(
      /complementCrossEntropy: logits have shape \[2, 3\] and labels \[3\]/,
    );
    expect(() =>
      sigmoidCrossEntropy({ logits: tf.tensor2d([[1], [2]]), labels: tf.tensor1d([1, 0, 1]) }),
    ).toThrow(
      /sigmoidCrossEntropy: labels have shape \[3\] \(3 values\) but logits have shape \[2, 1\] \(2 values\); expected one label per logit/,
    );
    expect(() => meanSquaredError({ predictions: tf.tensor1d([1, 2]), labels: tf.tensor1d([1]) })).toThrow(
      /meanSquaredError: labels have shape \[1\] .* expected one label per prediction/,
    );
  });

  it('regression has no flipped form', () => {
    expect(() =>
      flippedTaskLoss({ kind: 'regression', outputs: 1 }, tf.tensor1d([1]), tf.tensor1d([1])),
    ).toThrow(/gradient-reversal' or 'negated'/);
  });
});
