/**
 * Batch norm then ReLU in one pass (src/batch-norm-relu.ts): forward, a Relu
 * of a training batch norm's uncomputed output gives the bits of computing y
 * and then Relu, and y is never computed unless read; backward, batch norm's
 * gradient of an uncomputed Relu gradient (the step recomputed from x) gives
 * the bits of computing that gradient first. Special values (NaN,
 * infinities, exact zeros) included.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { type NativeBackend, nativeKernelCounts, setNativeThreads } from '../src/index';
import { rand } from './compare';

const SHAPES: [number, number, number, number][] = [
  [4, 6, 6, 16],
  [3, 5, 7, 33],
  [32, 7, 7, 8],
];

afterAll(() => setNativeThreads(2));

function nativeBackend(): NativeBackend {
  tf.setBackend('native');
  return tf.backend() as NativeBackend;
}

/** x with some NaN, infinite and constant channels mixed in, so some outputs are NaN, zero or negative. */
function input(shape: [number, number, number, number], seed: number): tf.Tensor {
  const values = rand(shape, seed).dataSync().slice();
  const C = shape[3];
  for (let i = 0; i < values.length; i++) {
    const c = i % C;
    if (c === 1) values[i] = 0.25; // constant channel: y = offset exactly
    if (c === 2 && i < C * 3) values[i] = Number.NaN; // a NaN makes the channel's statistics NaN
  }
  return tf.tensor(values, shape);
}

function batchNorm(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor[] {
  return tf
    .engine()
    .runKernel('StethBatchNormTraining', { x, scale, offset }, { varianceEpsilon: 1e-3 }) as tf.Tensor[];
}

/** Batch norm's training gradient (x, dy, mean, variance, scale, and optional gmean and gvariance). */
function batchNormGrad(inputs: Record<string, tf.Tensor>): tf.Tensor[] {
  return tf
    .engine()
    .runKernel('StethBatchNormTrainingGrad', inputs, { varianceEpsilon: 1e-3 }) as tf.Tensor[];
}

/** Relu's gradient of dz at Relu's output: deferred on native until read or taken over. */
function reluGrad(dz: tf.Tensor, out: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel('StethReluGrad', { dy: dz, x: out }) as tf.Tensor;
}

describe('batch norm then ReLU on native', () => {
  it('fuses Relu into the deferred output: the same bits, and y never computed unless read', () => {
    for (const threads of [1, 2]) {
      setNativeThreads(threads);
      SHAPES.forEach((shape, i) => {
        const backend = nativeBackend();
        const C = shape[3];
        const x = input(shape, 10 + i);
        const scale = tf.tensor1d(
          rand([C], 20 + i)
            .dataSync()
            .map((v, c) => (c === 0 ? -v : v)),
        );
        // offset 0 on channel 1 (constant input) makes y exactly 0 there; channel 3's is -inf
        const offset = tf.tensor1d(
          rand([C], 30 + i)
            .dataSync()
            .map((v, c) => (c === 1 ? 0 : c === 3 ? Number.NEGATIVE_INFINITY : v)),
        );
        // reference: y computed (read), then Relu on it
        const [yRef, m1, v1] = batchNorm(x, scale, offset);
        const yRefValues = Array.from(yRef!.dataSync());
        const zRef = Array.from(tf.relu(yRef!).dataSync());
        // fused: Relu reads the recipe, not y
        const pending0 = backend.pendingDeferred();
        nativeKernelCounts(true);
        const [y, m2, v2] = batchNorm(x, scale, offset);
        expect(backend.pendingDeferred()).toBe(pending0 + 1);
        const z = tf.relu(y!);
        expect(backend.pendingDeferred(), 'Relu must not compute y').toBe(pending0 + 1);
        expect(Array.from(z.dataSync()), `${shape} at ${threads} threads`).toEqual(zRef);
        expect(zRef.some(Number.isNaN) && zRef.includes(0) && zRef.some((v) => v > 0)).toBe(true);
        expect(Array.from(m2!.dataSync())).toEqual(Array.from(m1!.dataSync()));
        expect(Array.from(v2!.dataSync())).toEqual(Array.from(v1!.dataSync()));
        expect(nativeKernelCounts().Relu?.native).toBe(1);
        // y read afterwards: still the values batch norm gives
        expect(Array.from(y!.dataSync())).toEqual(yRefValues);
        expect(backend.pendingDeferred()).toBe(pending0);
        tf.dispose([x, scale, offset, yRef!, m1!, v1!, y!, m2!, v2!, z]);
      });
    }
  });

  it('disposes an unread batch-norm output without computing it, and frees what it held', () => {
    const backend = nativeBackend();
    const ids0 = backend.numDataIds();
    const z = tf.tidy(() => {
      const [y] = batchNorm(input([4, 6, 6, 16], 1), tf.ones([16]), tf.zeros([16]));
      return tf.relu(y!);
    });
    expect(backend.pendingDeferred()).toBe(0);
    expect(backend.numDataIds()).toBe(ids0 + 1);
    z.dispose();
    expect(backend.numDataIds()).toBe(ids0);
  });

  it('never computes the batch norm output of a conv + batch norm + ReLU layer stack in training', () => {
    const backend = nativeBackend();
    const calls = { relu: 0, plain: 0 };
    const addon = backend.addon;
    const original = addon.batchNormNormalize;
    addon.batchNormNormalize = (...args: Parameters<typeof original>) => {
      if (args[6]) calls.relu++;
      else calls.plain++;
      return original(...args);
    };
    try {
      const input = tf.input({ shape: [8, 8, 3] });
      let h = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false }).apply(input);
      h = tf.layers.batchNormalization({ axis: -1 }).apply(h);
      h = tf.layers.reLU().apply(h) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: h });
      const x = rand([4, 8, 8, 3], 5);
      const { value, grads } = tf.variableGrads(
        () => (model.apply(x, { training: true }) as tf.Tensor).square().mean() as tf.Scalar,
      );
      expect(Object.keys(grads)).toHaveLength(3); // kernel, gamma, beta
      expect(calls).toEqual({ relu: 1, plain: 0 });
      tf.dispose([x, value, ...Object.values(grads)]);
      model.dispose();
    } finally {
      addon.batchNormNormalize = original;
    }
    expect(backend.pendingDeferred()).toBe(0);
  });

  it('keeps the gradient right when a ReLU follows batch norm through an add (a residual)', () => {
    // Add's gradient passes Relu's (deferred) gradient on as the same tensor, so batch norm's
    // gradient can receive the Relu gradient of relu(y + r), not of relu(y): it must not take
    // the step from y then.
    for (const threads of [1, 2]) {
      setNativeThreads(threads);
      const backend = nativeBackend();
      const shape: [number, number, number, number] = [4, 6, 6, 16];
      const x = input(shape, 100);
      const scale = rand([16], 101);
      const offset = rand([16], 102);
      const residual = rand(shape, 103).mul(2);
      const dz = rand(shape, 104);
      const [y, mean, variance] = batchNorm(x, scale, offset);
      const out = tf.relu(tf.add(y!, residual));
      const grad = (dy: tf.Tensor) => batchNormGrad({ x, dy, mean: mean!, variance: variance!, scale });
      const dyRef = reluGrad(dz, out);
      dyRef.dataSync();
      const ref = grad(dyRef).map((t) => Array.from(t.dataSync()));
      const dy = reluGrad(dz, out);
      const got = grad(dy);
      got.forEach((t, k) => {
        expect(Array.from(t.dataSync()), `output ${k} at ${threads} threads`).toEqual(ref[k]);
      });
      tf.dispose([x, scale, offset, residual, dz, y!, mean!, variance!, out, dyRef, dy, ...got]);
      expect(backend.pendingDeferred()).toBe(0);
    }
  });

  it("takes Relu's gradient into batch norm's: the same bits as computing it first", () => {
    for (const threads of [1, 2]) {
      setNativeThreads(threads);
      SHAPES.forEach((shape, i) => {
        const backend = nativeBackend();
        const before = backend.pendingDeferred();
        const C = shape[3];
        const x = input(shape, 40 + i);
        const scale = rand([C], 50 + i);
        // y exactly 0 on channel 1 (constant input, offset 0), -inf on channel 3
        const offset = tf.tensor1d(
          rand([C], 60 + i)
            .dataSync()
            .map((v, c) => (c === 1 ? 0 : c === 3 ? Number.NEGATIVE_INFINITY : v)),
        );
        const [y, mean, variance] = batchNorm(x, scale, offset);
        const out = tf.relu(y!);
        const dz = rand(shape, 70 + i);
        const gmean = rand([C], 80 + i);
        const gvariance = rand([C], 90 + i);
        const grad = (dy: tf.Tensor) =>
          batchNormGrad({ x, dy, mean: mean!, variance: variance!, scale, gmean, gvariance });
        // reference: Relu's gradient computed (read), then batch norm's
        const dyRef = reluGrad(dz, out);
        dyRef.dataSync();
        const ref = grad(dyRef).map((t) => Array.from(t.dataSync()));
        // fused: batch norm's gradient reads dz and Relu's output itself
        const pending0 = backend.pendingDeferred();
        const dy = reluGrad(dz, out);
        expect(backend.pendingDeferred()).toBe(pending0 + 1);
        const fused = grad(dy);
        expect(backend.pendingDeferred(), 'the Relu gradient must not be computed').toBe(pending0 + 1);
        fused.forEach((t, k) => {
          expect(Array.from(t.dataSync()), `${shape} output ${k} at ${threads} threads`).toEqual(ref[k]);
        });
        // dx has NaN (the NaN channel), zeros where Relu cut, and finite values
        expect(ref[0]!.some(Number.isNaN) && ref[0]!.some((v) => v !== 0 && Number.isFinite(v))).toBe(true);
        // y (never computed: Relu fused it) and dy go unread
        tf.dispose([x, scale, offset, y!, mean!, variance!, out, dz, gmean, gvariance, dyRef, dy, ...fused]);
        expect(backend.pendingDeferred()).toBe(before);
      });
    }
  });
});
