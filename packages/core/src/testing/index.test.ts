import { StethError } from '@steth/errors';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../../test/fixtures';
import { expectNoLeakedTensors, expectTensorsClose, TensorLeakError } from './index';

beforeAll(useCpuBackend);

describe('@steth/core/testing', () => {
  it('expectTensorsClose passes within tolerance and names the first bad element', () => {
    expectTensorsClose(tf.tensor1d([1, 2]), [1, 2.000001]);
    expect(() => expectTensorsClose(tf.tensor1d([1, 2]), [1, 2.1])).toThrow(/element 1 is 2, expected 2.1/);
    expect(() => expectTensorsClose(tf.tensor2d([[1, 2]]), tf.tensor1d([1, 2]))).toThrow(/shapes differ/);
    expect(() => expectTensorsClose([1, 2, 3], [1, 2])).toThrow(/sizes differ/);
    expectTensorsClose(Number.NaN, Number.NaN);
  });

  it('expectNoLeakedTensors catches a leak, sync and async', async () => {
    let leaked: tf.Tensor | undefined;
    expect(() =>
      expectNoLeakedTensors(() => {
        leaked = tf.scalar(1);
      }),
    ).toThrow(/the function leaked 1 tensor\(s\), 0 allowed/);
    leaked?.dispose();
    const kept = expectNoLeakedTensors(() => tf.scalar(2), { allowed: 1 });
    kept.dispose();
    const pending = expectNoLeakedTensors(
      async () => {
        leaked = tf.scalar(3);
      },
      { what: 'an async step' },
    );
    await expect(pending).rejects.toThrow(/an async step leaked 1 tensor\(s\)/);
    await expect(pending).rejects.toBeInstanceOf(TensorLeakError);
    await expect(pending).rejects.toBeInstanceOf(StethError);
    leaked?.dispose();
    expect(expectNoLeakedTensors(() => tf.tidy(() => tf.scalar(4).add(1).dataSync()[0]))).toBe(5);
  });
});
