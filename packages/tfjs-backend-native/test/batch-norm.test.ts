/**
 * Batch norm's backward pass on native (src/batch-norm-gradients.ts) against
 * tfjs's own gradients on `cpu`, on random shapes: FusedBatchNorm with
 * independent mean/variance/scale/offset, the training-mode composition
 * tfjs-layers uses (moments + batchNorm), and the Mean, Sum and Square gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setNativeBatchNormGradients, setNativeThreads } from '../src/index';
import { compareBackends, nativeKernelCounts, rand, randomValues, relError, runOn } from './compare';

const TOL = 1e-5;

afterAll(() => setNativeThreads(2));

/** Seeded random NHWC shapes, small enough for cpu; some large enough to split across threads. */
function randomShapes(count: number, seed: number): [number, number, number, number][] {
  const v = randomValues(count * 4, seed);
  const pick = (u: number, lo: number, hi: number) => lo + Math.floor(((u + 1) / 2) * (hi - lo + 1));
  return Array.from({ length: count }, (_, i) => [
    pick(v[4 * i]!, 1, 8),
    pick(v[4 * i + 1]!, 1, 12),
    pick(v[4 * i + 2]!, 1, 12),
    pick(v[4 * i + 3]!, 1, 40),
  ]);
}
const SHAPES: [number, number, number, number][] = [
  [16, 24, 24, 16],
  [3, 5, 7, 33],
  ...randomShapes(6, 1401),
];

function positive(shape: number[], seed: number): tf.Tensor {
  return rand(shape, seed).abs().add(0.1);
}

describe.each([1, 2])('batch norm gradients with %i thread(s)', (threads) => {
  // (Without a scale or an offset, tfjs 4.22 cannot differentiate batchNorm
  // on any backend: it records the missing input. tfjs-layers passes both.)
  it('FusedBatchNorm: dx, dmean, dvariance, dscale and doffset match cpu', () => {
    setNativeThreads(threads);
    nativeKernelCounts(true);
    SHAPES.forEach((shape, i) => {
      const C = shape[3];
      const x = rand(shape, 10 + i) as tf.Tensor4D;
      const mean = rand([C], 20 + i) as tf.Tensor1D;
      const variance = positive([C], 30 + i) as tf.Tensor1D;
      const scale = rand([C], 40 + i) as tf.Tensor1D;
      const offset = rand([C], 50 + i) as tf.Tensor1D;
      const w = rand(shape, 60 + i);
      const label = JSON.stringify(shape);
      expect(
        compareBackends(() =>
          tf.grads((a, m, v, s, o) =>
            tf
              .batchNorm4d(
                a as tf.Tensor4D,
                m as tf.Tensor1D,
                v as tf.Tensor1D,
                o as tf.Tensor1D,
                s as tf.Tensor1D,
                1e-3,
              )
              .mul(w)
              .sum(),
          )([x, mean, variance, scale, offset]),
        ),
        label,
      ).toBeLessThanOrEqual(TOL);
      expect(
        compareBackends(() =>
          tf.grads((a, m, v, s, o) =>
            tf
              .batchNorm4d(
                a as tf.Tensor4D,
                m as tf.Tensor1D,
                v as tf.Tensor1D,
                o as tf.Tensor1D,
                s as tf.Tensor1D,
                0.5,
              )
              .square()
              .sum(),
          )([x, mean, variance, scale, offset]),
        ),
        `${label} epsilon 0.5, squared`,
      ).toBeLessThanOrEqual(TOL);
    });
    const counts = nativeKernelCounts();
    expect(counts.StethFusedBatchNormGrad?.native).toBe(2 * SHAPES.length);
    expect(counts.Tile?.native ?? 0, 'the Tile of tfjs gradient is gone').toBe(0);
  });

  it('training-mode batch norm (moments + batchNorm, as tfjs-layers) gives cpu gradients for x, scale and offset', () => {
    setNativeThreads(threads);
    nativeKernelCounts(true);
    SHAPES.forEach((shape, i) => {
      const C = shape[3];
      const x = rand(shape, 70 + i)
        .mul(3)
        .add(1) as tf.Tensor4D;
      const scale = rand([C], 80 + i) as tf.Tensor1D;
      const offset = rand([C], 90 + i) as tf.Tensor1D;
      const w = rand(shape, 100 + i);
      const f = (a: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => {
        const { mean, variance } = tf.moments(a, [0, 1, 2]);
        return tf
          .batchNorm4d(
            a as tf.Tensor4D,
            mean as tf.Tensor1D,
            variance as tf.Tensor1D,
            o as tf.Tensor1D,
            s as tf.Tensor1D,
            1e-3,
          )
          .mul(w)
          .sum();
      };
      expect(
        compareBackends(() => tf.grads(f)([x, scale, offset])),
        JSON.stringify(shape),
      ).toBeLessThanOrEqual(1e-4);
    });
    const counts = nativeKernelCounts();
    for (const k of ['StethFusedBatchNormGrad', 'StethMeanGrad', 'StethSquareGrad'])
      expect(counts[k]?.native, k).toBeGreaterThanOrEqual(SHAPES.length);
  });

  it('Mean and Square gradients match cpu over any axes, with and without keepDims', () => {
    setNativeThreads(threads);
    const x = rand([4, 5, 6, 7], 5);
    for (const axes of [[0], [1, 2], [0, 1, 2], [3], [0, 3], [0, 1, 2, 3], [-1]])
      for (const keepDims of [false, true]) {
        const label = `${JSON.stringify(axes)} keepDims ${keepDims}`;
        expect(
          compareBackends(() => tf.grad((a) => tf.mean(a, axes, keepDims).square().mul(3).sum())(x)),
          label,
        ).toBeLessThanOrEqual(TOL);
      }
  });

  it('setNativeBatchNormGradients(false) falls back to tfjs gradients, with the same values', () => {
    setNativeThreads(threads);
    const x = rand([2, 3, 4, 5], 7);
    const s = rand([5], 8);
    const o = rand([5], 9);
    const f = (a: tf.Tensor, sc: tf.Tensor, of: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, [0, 1, 2]);
      return tf
        .batchNorm4d(
          a as tf.Tensor4D,
          mean as tf.Tensor1D,
          variance as tf.Tensor1D,
          of as tf.Tensor1D,
          sc as tf.Tensor1D,
        )
        .square()
        .sum();
    };
    nativeKernelCounts(true);
    setNativeBatchNormGradients(false);
    try {
      expect(compareBackends(() => tf.grads(f)([x, s, o]))).toBeLessThanOrEqual(1e-4);
      expect(nativeKernelCounts().StethFusedBatchNormGrad?.native ?? 0).toBe(0);
    } finally {
      setNativeBatchNormGradients(true);
    }
    expect(compareBackends(() => tf.grads(f)([x, s, o]))).toBeLessThanOrEqual(1e-4);
    expect(nativeKernelCounts().StethFusedBatchNormGrad?.native).toBe(1);
  });
});

describe('Sum gradient on native', () => {
  it('is bit-identical to tfjs dy * ones over any axes, without a tensor of ones', () => {
    const x = rand([6, 5, 4, 7], 11);
    const w = rand([6, 5, 4, 7], 12);
    nativeKernelCounts(true);
    for (const axes of [[0], [1, 2], [2], [3], [0, 3], [0, 1, 2, 3], [-1]])
      for (const keepDims of [false, true]) {
        const f = (a: tf.Tensor) => tf.sum(a.mul(w), axes, keepDims).square().sum();
        const label = `${JSON.stringify(axes)} keepDims ${keepDims}`;
        const [cpu] = runOn('cpu', () => tf.grad(f)(x));
        const [native] = runOn('native', () => tf.grad(f)(x));
        expect(relError(native!, cpu!), label).toBeLessThanOrEqual(TOL);
      }
    expect(nativeKernelCounts().StethSumGrad?.native).toBeGreaterThanOrEqual(14);
    // Against tfjs's own Sum gradient on the same backend: the same bits.
    const dy = rand([6, 4, 7], 13);
    tf.setBackend('native');
    const viaNative = tf.tidy(() =>
      Array.from(
        tf
          .grad((a) => tf.sum(a, 1).mul(dy).sum())(x)
          .dataSync(),
      ),
    );
    const viaOnes = tf.tidy(() => Array.from(tf.mul(dy.reshape([6, 1, 4, 7]), tf.ones(x.shape)).dataSync()));
    expect(viaNative).toEqual(viaOnes);
  });
});
