import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BufferPool, type NativeBackend } from '../src/index';
import { rand } from './compare';

function nativeBackend(): NativeBackend {
  tf.setBackend('native');
  return tf.backend() as NativeBackend;
}

describe('BufferPool', () => {
  it('hands a released buffer of the same length back, and not one of another length', () => {
    const pool = new BufferPool({ minLength: 4 });
    const a = pool.take(16);
    pool.release(a);
    expect(pool.take(8)).not.toBe(a);
    expect(pool.take(16)).toBe(a);
    expect(pool.stats()).toMatchObject({ reused: 1, allocated: 2, freeBytes: 0 });
  });

  it('never recycles an escaped buffer, a view, or beyond its byte limit', () => {
    const pool = new BufferPool({ minLength: 4, maxFreeBytes: 64 });
    const a = pool.take(16);
    pool.markEscaped(a.subarray(2, 4));
    pool.release(a);
    expect(pool.stats().freeBytes).toBe(0);
    const b = pool.take(16);
    pool.release(b.subarray(0, 8));
    expect(pool.stats().freeBytes).toBe(0);
    const c = pool.take(32);
    pool.release(c);
    expect(pool.stats().freeBytes).toBe(0);
    pool.release(b);
    expect(pool.stats().freeBytes).toBe(64);
  });
});

describe('the native backend with its pool', () => {
  it('reuses kernel outputs across steps without leaking tensors', () => {
    const backend = nativeBackend();
    const x = rand([64, 64], 1);
    const step = () => tf.tidy(() => tf.matMul(x, x).relu().sum().dataSync()[0]);
    const first = step();
    const before = backend.pool.stats();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expect(step()).toBe(first);
    const after = backend.pool.stats();
    expect(after.reused - before.reused).toBeGreaterThanOrEqual(10);
    expect(after.allocated - before.allocated).toBe(0);
    expect(tf.memory().numTensors).toBe(tensors);
    x.dispose();
  });

  it('keeps arrays returned by dataSync intact after their tensor is disposed and its size reused', () => {
    nativeBackend();
    const x = rand([40, 40], 2);
    const y = tf.matMul(x, x);
    const seen = y.dataSync();
    const copy = Float32Array.from(seen);
    y.dispose();
    const z = tf.matMul(x.neg(), x);
    expect(Array.from(seen)).toEqual(Array.from(copy));
    expect(z.dataSync()[0]).toBeCloseTo(-copy[0]!, 4);
    tf.dispose([x, z]);
  });

  it('keeps slice views valid after the sliced tensor is disposed and its buffer size comes round again', () => {
    nativeBackend();
    const x = rand([50, 50], 3);
    const y = tf.matMul(x, x);
    const row = y.slice([3, 0], [1, 50]);
    const expected = Float32Array.from(y.dataSync().subarray(150, 200));
    const yId = y.dataId;
    y.dispose();
    for (let i = 0; i < 3; i++) tf.tidy(() => tf.matMul(x, x.neg()).add(tf.scalar(1)));
    expect(Array.from(row.dataSync())).toEqual(Array.from(expected));
    expect(yId).toBeDefined();
    tf.dispose([x, row]);
  });

  it('keeps a slice view valid even when the parent was never read', () => {
    nativeBackend();
    const x = rand([48, 48], 4);
    const parent = tf.matMul(x, x);
    const view = parent.slice([0, 0], [2, 48]);
    const ref = tf.tidy(() => tf.matMul(x, x).slice([0, 0], [2, 48]).dataSync().slice());
    parent.dispose();
    for (let i = 0; i < 3; i++) tf.tidy(() => tf.matMul(x.neg(), x));
    expect(Array.from(view.dataSync())).toEqual(Array.from(ref));
    tf.dispose([x, view]);
  });
});
