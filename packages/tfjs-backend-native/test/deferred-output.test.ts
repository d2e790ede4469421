import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type NativeBackend, nativeKernelCounts, setNativeKernelTiming } from '../src/index';
import { rand, runOn } from './compare';

function nativeBackend(): NativeBackend {
  tf.setBackend('native');
  return tf.backend() as NativeBackend;
}

const ATTRS = { strides: [2, 2] as [number, number], pad: 'same' as const };

/** The input gradient of a stride-2 SAME convolution of an input of shape xShape. */
function backpropInput(
  dy: tf.Tensor4D,
  w: tf.Tensor4D,
  xShape: [number, number, number, number] = [2, 9, 9, 3],
) {
  return tf.conv2dTranspose(dy, w, xShape, ATTRS.strides, ATTRS.pad);
}

afterEach(() => setNativeKernelTiming(false));

describe('deferred outputs (Conv2DBackpropInput)', () => {
  it('computes the values on first read, as read at once, and releases the inputs it held', () => {
    const DY = [2, 16, 16, 32];
    const W = [3, 3, 3, 32];
    const X: [number, number, number, number] = [2, 32, 32, 3];
    const gradient = () => backpropInput(rand(DY, 1) as tf.Tensor4D, rand(W, 2) as tf.Tensor4D, X);
    const cpu = runOn('cpu', gradient)[0]!;
    const expected = runOn('native', gradient)[0]!;
    const backend = nativeBackend();
    const ids0 = backend.numDataIds();
    const dy = rand(DY, 1) as tf.Tensor4D;
    const w = rand(W, 2) as tf.Tensor4D;
    const dx = backpropInput(dy, w, X);
    expect(backend.pendingDeferred()).toBe(1);
    // The inputs go; their buffers stay held until dx is computed.
    dy.dispose();
    w.dispose();
    expect(backend.numDataIds()).toBe(ids0 + 3);
    // A native kernel's output of dy's size would take dy's buffer from the pool, were it freed.
    const other = tf.tidy(() => tf.mul(rand(DY, 7), 2));
    const values = dx.dataSync();
    expect(backend.pendingDeferred()).toBe(0);
    expect(Array.from(values)).toEqual(Array.from(expected));
    expect(Math.max(...values.map((v, i) => Math.abs(v - cpu[i]!)))).toBeLessThan(1e-5);
    dx.dispose();
    tf.dispose(other);
    expect(backend.numDataIds()).toBe(ids0);
  });

  it('never computes an output disposed unread, and frees what it held', () => {
    const backend = nativeBackend();
    const ids0 = backend.numDataIds();
    nativeKernelCounts(true);
    setNativeKernelTiming(true);
    tf.tidy(() => {
      backpropInput(
        rand([32, 28, 28, 16], 3) as tf.Tensor4D,
        rand([3, 3, 3, 16], 4) as tf.Tensor4D,
        [32, 56, 56, 3],
      );
    });
    expect(backend.pendingDeferred()).toBe(0);
    expect(backend.numDataIds()).toBe(ids0);
    const c = nativeKernelCounts().Conv2DBackpropInput!;
    expect(c.native).toBe(1);
    // Counting a kernel call costs microseconds; the 32x56x56x3 gradient costs milliseconds.
    expect(c.ms).toBeLessThan(0.5);
  });

  it('is computed when another kernel reads it, inside a gradient', () => {
    const x = rand([2, 9, 9, 3], 5) as tf.Tensor4D;
    const w = rand([3, 3, 3, 4], 6) as tf.Tensor4D;
    const grads = (backend: string) =>
      runOn(backend, () => {
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'))),
        );
        return g([x, w]).map((t) => t.mul(3));
      });
    const cpu = grads('cpu');
    const native = grads('native');
    expect(native[0]!.length).toBe(2 * 9 * 9 * 3);
    for (let i = 0; i < 2; i++) {
      let worst = 0;
      native[i]!.forEach((v, j) => {
        worst = Math.max(worst, Math.abs(v - cpu[i]![j]!));
      });
      expect(worst).toBeLessThan(1e-4);
    }
    expect(nativeBackend().pendingDeferred()).toBe(0);
  });
});
