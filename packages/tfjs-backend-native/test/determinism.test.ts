/**
 * Bit-for-bit determinism on 2 threads: every multithreaded kernel, run
 * repeatedly on sizes that split across threads, gives identical bits, and
 * two training runs of a conv net with batch norm end with identical weights.
 * A busy worker thread competes for the cores meanwhile, so the pool's
 * threads pick up tasks in varying order (a reduction that combined partial
 * sums by thread, not by a fixed partition, fails here).
 */
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBnCnn } from '../bench/bn-cnn.mjs';
import { referenceBatch } from '../bench/reference-cnn.mjs';
import { setNativeThreads } from '../src/index';
import { nativeKernelCounts, rand } from './compare';

const THREADS = 2;
const REPEATS = 6;
const TRAIN_TIMEOUT_MS = 120_000;

let busy: Worker | undefined;
beforeAll(async () => {
  await tf.setBackend('native');
  setNativeThreads(THREADS);
  busy = new Worker('const end = Date.now() + 120000; while (Date.now() < end) {}', { eval: true });
});
afterAll(async () => {
  await busy?.terminate();
});

function bits(t: tf.Tensor): Uint32Array {
  return new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer);
}

/** Index of the first differing word, or -1. */
function firstDiff(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const conv = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] } as const;

/** Each case is one kernel on sizes large enough for the addon to split it over threads. */
function cases(): Record<string, () => tf.Tensor | tf.Tensor[]> {
  const x = rand([4, 24, 24, 16], 1);
  const w3 = rand([3, 3, 16, 32], 2);
  const w1 = rand([1, 1, 16, 32], 3);
  const dy = rand([4, 24, 24, 32], 4);
  const dyBig = rand([1, 64, 64, 32], 13);
  const xBig = rand([1, 64, 64, 16], 14);
  const a = rand([300, 200], 5);
  const b = rand([200, 170], 6);
  const c16 = rand([16], 7);
  const var16 = rand([16], 8).abs().add(0.5);
  const rows = rand([70000, 3], 9);
  const long = rand([3, 70000], 10);
  const idx = tf.tensor1d(
    Array.from({ length: 500 }, (_, i) => (i * 37) % 300),
    'int32',
  );
  const e = tf.engine();
  return {
    MatMul: () => tf.matMul(a, b),
    'MatMul batched': () => tf.matMul(rand([8, 64, 50], 11), rand([8, 50, 40], 12)),
    _FusedMatMul: () => tf.fused.matMul({ a, b, bias: rand([170], 15), activation: 'relu' }),
    Conv2D: () => e.runKernel('Conv2D', { x, filter: w3 }, conv) as tf.Tensor,
    FusedConv2D: () =>
      tf.fused.conv2d({
        x: x as tf.Tensor4D,
        filter: w3 as tf.Tensor4D,
        strides: 1,
        pad: 'same',
        activation: 'relu',
        bias: rand([32], 16),
      }),
    'Conv2D 1x1': () => e.runKernel('Conv2D', { x, filter: w1 }, conv) as tf.Tensor,
    Conv2DBackpropInput: () =>
      e.runKernel('Conv2DBackpropInput', { dy, filter: w3 }, { ...conv, inputShape: x.shape }) as tf.Tensor,
    'Conv2DBackpropInput batch 1': () =>
      e.runKernel(
        'Conv2DBackpropInput',
        { dy: dyBig, filter: w3 },
        { ...conv, inputShape: xBig.shape },
      ) as tf.Tensor,
    Conv2DBackpropFilter: () =>
      e.runKernel('Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape: w3.shape }) as tf.Tensor,
    'Conv2DBackpropFilter 1x1': () =>
      e.runKernel('Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape: w1.shape }) as tf.Tensor,
    MaxPool: () => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same'),
    MaxPoolGrad: () =>
      tf.grad((t: tf.Tensor) =>
        tf
          .maxPool(t as tf.Tensor4D, 3, 2, 'same')
          .mul(2)
          .sum(),
      )(x),
    AvgPool: () => tf.avgPool(x as tf.Tensor4D, 3, 1, 'same'),
    AvgPoolGrad: () =>
      tf.grad((t: tf.Tensor) =>
        tf
          .avgPool(t as tf.Tensor4D, 3, 1, 'same')
          .mul(2)
          .sum(),
      )(x),
    'Add (broadcast)': () => tf.add(x, c16),
    Multiply: () => tf.mul(x, x),
    Relu: () => tf.relu(dy),
    'Sum (rows)': () => tf.sum(long, 1),
    'Sum (over rows, bias gradient)': () => tf.sum(rows, 0),
    'Sum (all)': () => tf.sum(x),
    'Mean (middle axis)': () => tf.mean(x, [1]),
    Max: () => tf.max(long, 1),
    FusedBatchNorm: () =>
      tf.batchNorm4d(
        x as tf.Tensor4D,
        c16 as tf.Tensor1D,
        var16 as tf.Tensor1D,
        c16 as tf.Tensor1D,
        c16 as tf.Tensor1D,
      ),
    'FusedBatchNorm gradient': () =>
      tf.grads((t: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => {
        const { mean, variance } = tf.moments(t, [0, 1, 2]);
        return tf
          .batchNorm4d(
            t as tf.Tensor4D,
            mean as tf.Tensor1D,
            variance as tf.Tensor1D,
            o as tf.Tensor1D,
            s as tf.Tensor1D,
          )
          .mul(dy.slice([0, 0, 0, 0], [4, 24, 24, 16]))
          .sum();
      })([x, c16, c16]),
    'StethBatchNormTraining and its gradient': () => {
      const f = (t: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
        tf.engine().runKernel('StethBatchNormTraining', { x: t, scale: s, offset: o }, {}) as tf.Tensor[];
      const [y, mean, variance] = f(x, c16, c16);
      const g = tf.grads((t: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => {
        const [yy, m, v] = f(t, s, o);
        return tf.addN([yy!.mul(dy.slice([0, 0, 0, 0], [4, 24, 24, 16])).sum(), m!.sum(), v!.mul(c16).sum()]);
      })([x, c16, c16]);
      return [y!, mean!, variance!, ...g];
    },
    Tile: () => tf.tile(c16.reshape([1, 16]), [5000, 1]),
    Concat: () => tf.concat([x, x], 3),
    Split: () => tf.split(dy, [10, 22], 3),
    Transpose: () => tf.transpose(x, [0, 3, 1, 2]),
    Gather: () => tf.gather(a, idx),
  };
}

describe(`determinism on ${THREADS} threads`, () => {
  it(`every multithreaded kernel gives the same bits over ${REPEATS} runs`, () => {
    nativeKernelCounts(true);
    const all = cases();
    for (const [name, fn] of Object.entries(all)) {
      const runs = Array.from({ length: REPEATS }, () => {
        const out = tf.tidy(fn);
        const list = Array.isArray(out) ? out : [out];
        const b = list.map(bits);
        tf.dispose(list);
        return b;
      });
      for (let r = 1; r < REPEATS; r++)
        runs[r]!.forEach((o, i) => {
          expect(firstDiff(o, runs[0]![i]!), `${name} output ${i}, run ${r}: first differing element`).toBe(
            -1,
          );
        });
    }
    const counts = nativeKernelCounts();
    for (const k of [
      'Conv2DBackpropFilter',
      'Sum',
      'StethFusedBatchNormGrad',
      'StethBatchNormTraining',
      'StethBatchNormTrainingGrad',
      'BatchMatMul',
      'Transpose',
    ])
      expect(counts[k]?.native, k).toBeGreaterThan(0);
  });

  it(
    'two training runs of a conv net with batch norm give identical weights and losses',
    async () => {
      const train = async () => {
        const model = createBnCnn(tf, { size: 16, widths: [8, 16], classes: 5 });
        const { x, y } = referenceBatch(tf, { batch: 16, size: 16, classes: 5 });
        const losses: number[] = [];
        for (let i = 0; i < 6; i++) losses.push((await model.trainOnBatch(x, y)) as number);
        const weights = model.getWeights().map(bits);
        model.dispose();
        tf.dispose([x, y]);
        return { losses, weights };
      };
      const first = await train();
      const second = await train();
      expect(second.losses).toEqual(first.losses);
      expect(first.losses[5]).not.toBe(first.losses[0]);
      expect(second.weights.length).toBe(first.weights.length);
      first.weights.forEach((w, i) => {
        expect(firstDiff(second.weights[i]!, w), `weight ${i}: first differing element`).toBe(-1);
      });
    },
    TRAIN_TIMEOUT_MS,
  );
});
