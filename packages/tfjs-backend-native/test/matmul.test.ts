import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setNativeIsa, setNativeThreads } from '../src/index';
import { compareBackends, rand } from './compare';

const TOL = 1e-5;
const ISAS = (['avx512', 'avx2', 'portable'] as const).filter((isa) => {
  const ok = setNativeIsa(isa);
  setNativeIsa('auto');
  return ok;
});

afterAll(() => {
  setNativeIsa('auto');
  setNativeThreads(2);
});

describe.each([1, 2])('matmul with %i thread(s)', (threads) => {
  it.each(ISAS)('BatchMatMul matches cpu on random shapes and transposes (%s)', (isa) => {
    setNativeThreads(threads);
    expect(setNativeIsa(isa)).toBe(true);
    const shapes: [number, number, number, number][] = [
      [1, 1, 1, 1],
      [1, 7, 5, 3],
      [1, 37, 53, 71],
      [2, 13, 33, 17],
      [3, 64, 48, 200],
      [1, 130, 70, 400],
      [5, 1, 9, 31],
    ];
    let seed = 1;
    for (const [batch, m, n, k] of shapes) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const a = rand(batch > 1 ? [batch, ta ? k : m, ta ? m : k] : [ta ? k : m, ta ? m : k], seed++);
          const b = rand(batch > 1 ? [batch, tb ? n : k, tb ? k : n] : [tb ? n : k, tb ? k : n], seed++);
          const err = compareBackends(() => tf.matMul(a, b, ta, tb));
          expect(err, `batch ${batch} ${m}x${n}x${k} ta=${ta} tb=${tb}`).toBeLessThanOrEqual(TOL);
          a.dispose();
          b.dispose();
        }
      }
    }
  });
});

describe('matmul broadcasting and fused epilogues', () => {
  it('broadcasts a batch of 1 against a batch of 4', () => {
    const a = rand([1, 6, 5], 11);
    const b = rand([4, 5, 7], 12);
    expect(compareBackends(() => tf.matMul(a, b))).toBeLessThanOrEqual(TOL);
    const e = rand([3, 5], 15);
    expect(compareBackends(() => tf.matMul(b, e, true, true))).toBeLessThanOrEqual(TOL);
    const c = rand([2, 1, 5, 3], 13);
    const d = rand([3, 3, 4], 14);
    expect(compareBackends(() => tf.matMul(c, d))).toBeLessThanOrEqual(TOL);
  });

  it.each(['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'prelu'] as const)(
    'fused matMul with bias and %s matches cpu',
    (activation) => {
      const a = rand([9, 23], 21);
      const b = rand([23, 11], 22);
      const bias = rand([11], 23);
      const alpha = rand([11], 24);
      const err = compareBackends(() =>
        tf.fused.matMul({
          a,
          b,
          bias,
          activation,
          preluActivationWeights: activation === 'prelu' ? alpha : undefined,
          leakyreluAlpha: 0.3,
        }),
      );
      expect(err).toBeLessThanOrEqual(TOL);
      const scalarBias = tf.scalar(0.5);
      expect(
        compareBackends(() =>
          tf.fused.matMul({
            a,
            b,
            bias: scalarBias,
            activation,
            preluActivationWeights: activation === 'prelu' ? alpha : undefined,
          }),
        ),
      ).toBeLessThanOrEqual(TOL);
    },
  );

  it('fused matMul gradients match cpu', () => {
    const a = rand([5, 8], 31);
    const b = rand([8, 6], 32);
    const bias = rand([6], 33);
    const err = compareBackends(() =>
      tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
        tf.fused.matMul({ a: x as tf.Tensor2D, b: y as tf.Tensor2D, bias: z, activation: 'relu' }).sum(),
      )([a, b, bias]),
    );
    expect(err).toBeLessThanOrEqual(TOL);
  });

  it('multiplies 1024x1024 matrices the same way on 2 threads as on 1', () => {
    const a = rand([300, 257], 41);
    const b = rand([257, 301], 42);
    setNativeThreads(1);
    tf.setBackend('native');
    const one = tf.tidy(() => tf.matMul(a, b).dataSync().slice());
    setNativeThreads(2);
    const two = tf.tidy(() => tf.matMul(a, b).dataSync().slice());
    expect(Array.from(two)).toEqual(Array.from(one));
  });
});
