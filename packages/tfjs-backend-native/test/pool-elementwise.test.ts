import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setNativeThreads } from '../src/index';
import { compareBackends, nativeKernelCounts, rand } from './compare';

const TOL = 1e-5;

afterAll(() => setNativeThreads(2));

const POOLS: {
  x: [number, number, number, number];
  size: [number, number];
  stride: [number, number];
  pad: 'same' | 'valid' | number;
}[] = [
  { x: [2, 8, 8, 3], size: [2, 2], stride: [2, 2], pad: 'valid' },
  { x: [3, 9, 7, 5], size: [3, 3], stride: [2, 2], pad: 'same' },
  { x: [1, 10, 11, 2], size: [3, 2], stride: [1, 3], pad: 'valid' },
  { x: [2, 5, 5, 4], size: [3, 3], stride: [1, 1], pad: 'same' },
  { x: [2, 6, 7, 3], size: [2, 3], stride: [2, 1], pad: 1 },
  // windows that tile the input (the gradient writes each element once),
  // with a last row and column no window covers
  { x: [2, 9, 7, 16], size: [2, 2], stride: [2, 2], pad: 'valid' },
  { x: [1, 12, 13, 3], size: [3, 3], stride: [3, 3], pad: 'valid' },
];

describe.each([1, 2])('pooling with %i thread(s)', (threads) => {
  it('MaxPool and AvgPool and their gradients match cpu', () => {
    setNativeThreads(threads);
    nativeKernelCounts(true);
    POOLS.forEach((c, i) => {
      const x = rand(c.x, 500 + i) as tf.Tensor4D;
      for (const kind of ['max', 'avg'] as const) {
        const op = (a: tf.Tensor) =>
          kind === 'max'
            ? tf.maxPool(a as tf.Tensor4D, c.size, c.stride, c.pad)
            : tf.avgPool(a as tf.Tensor4D, c.size, c.stride, c.pad);
        const label = `${kind} ${JSON.stringify(c)}`;
        expect(
          compareBackends(() => op(x)),
          label,
        ).toBeLessThanOrEqual(TOL);
        expect(
          compareBackends(() => tf.grad((a: tf.Tensor) => op(a).mul(op(a)).sum())(x)),
          label,
        ).toBeLessThanOrEqual(TOL);
      }
    });
    const counts = nativeKernelCounts();
    for (const k of ['MaxPool', 'AvgPool', 'MaxPoolGrad', 'AvgPoolGrad'])
      expect(counts[k]?.fallback, k).toBe(0);
    expect(counts.MaxPoolGrad?.native).toBe(2 * POOLS.length); // op(a) appears twice in the loss
  });

  it('max-pool gradient goes to the first maximum of a window with ties', () => {
    setNativeThreads(threads);
    const x = tf.tensor4d([1, 1, 1, 1, 2, 2, 0, 2, 3], [1, 3, 3, 1]);
    expect(
      compareBackends(() => tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 1, 'valid').sum())(x)),
    ).toBe(0);
    // tiling windows (2x2, stride 2), ties and an uncovered last row and column
    const t = tf.tensor4d([1, 1, 0, 3, 3, 1, 1, 2, 3, 3, 5, 4, 5, 5, 5], [1, 3, 5, 1]);
    expect(
      compareBackends(() => tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').sum())(t)),
    ).toBe(0);
    // ... also when the gradient's buffer comes back from the pool dirty
    const big = rand([2, 9, 7, 16], 9);
    expect(
      compareBackends(() => {
        tf.dispose(tf.mul(big, 3));
        return tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').sum())(big);
      }),
    ).toBe(0);
  });

  it("max-pool gradient reads the window maxima from MaxPool's output: the bits of recomputing them", () => {
    setNativeThreads(threads);
    tf.setBackend('native');
    for (const [i, shape] of [
      [4, 9, 7, 16],
      [2, 8, 8, 3],
      [32, 14, 14, 32],
    ].entries()) {
      // values rounded to a few levels, so windows have ties; NaN, -inf and -0 mixed in
      const values = rand(shape, 40 + i)
        .dataSync()
        .map((v, k) =>
          k % 37 === 0 ? Number.NaN : k % 41 === 0 ? -Infinity : k % 43 === 0 ? -0 : Math.round(v * 3),
        );
      const x = tf.tensor4d(values, shape as [number, number, number, number]);
      const y = tf.maxPool(x, 2, 2, 'valid');
      const dy = rand(y.shape, 50 + i);
      const kernel = (output?: tf.Tensor) =>
        tf.engine().runKernel('MaxPoolGrad', output ? { dy, input: x, output } : { dy, input: x }, {
          filterSize: [2, 2],
          strides: [2, 2],
          pad: 'valid',
        }) as tf.Tensor;
      const read = kernel(y);
      const recomputed = kernel();
      expect(Array.from(read.dataSync()), `${shape}`).toEqual(Array.from(recomputed.dataSync()));
      expect(
        compareBackends(() =>
          tf.grad((a: tf.Tensor) =>
            tf
              .maxPool(a as tf.Tensor4D, 2, 2, 'valid')
              .mul(dy)
              .sum(),
          )(x),
        ),
      ).toBe(0);
      tf.dispose([x, y, dy, read, recomputed]);
    }
  });
});

describe.each([1, 2])('elementwise ops with %i thread(s)', (threads) => {
  const shapes: [number[], number[]][] = [
    [[5], [5]],
    [[4, 3], [3]],
    [
      [4, 1],
      [1, 6],
    ],
    [
      [2, 3, 4, 5],
      [1, 3, 1, 5],
    ],
    [[], [7, 2]],
    [
      [33, 65, 17],
      [33, 65, 17],
    ],
    [
      [3, 1, 5],
      [4, 1],
    ],
  ];
  const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['div', tf.div],
    ['maximum', tf.maximum],
    ['minimum', tf.minimum],
    ['squaredDifference', tf.squaredDifference],
  ];
  it.each(ops)('%s broadcasts like cpu', (_name, op) => {
    setNativeThreads(threads);
    shapes.forEach(([sa, sb], i) => {
      const a = sa.length === 0 ? tf.scalar(0.7) : rand(sa, 600 + i);
      const b = rand(sb, 700 + i).add(tf.scalar(3));
      expect(
        compareBackends(() => op(a, b)),
        `${sa} vs ${sb}`,
      ).toBeLessThanOrEqual(TOL);
      expect(
        compareBackends(() => op(b, a)),
        `${sb} vs ${sa}`,
      ).toBeLessThanOrEqual(TOL);
    });
  });

  it('unary activations and their gradients match cpu', () => {
    setNativeThreads(threads);
    const x = rand([7, 9, 11], 800).mul(tf.scalar(4));
    const pos = x.abs().add(tf.scalar(0.1));
    const unary: [string, (a: tf.Tensor) => tf.Tensor][] = [
      ['relu', tf.relu],
      ['relu6', (a) => tf.relu6(a.mul(tf.scalar(2)))],
      ['leakyRelu', (a) => tf.leakyRelu(a, 0.1)],
      ['sigmoid', tf.sigmoid],
      ['elu', tf.elu],
      ['exp', tf.exp],
      ['neg', tf.neg],
      ['square', tf.square],
      ['tanh', tf.tanh],
      ['abs', tf.abs],
      ['step', (a) => tf.step(a, 0.3)],
    ];
    for (const [name, op] of unary) {
      expect(
        compareBackends(() => op(x)),
        name,
      ).toBeLessThanOrEqual(TOL);
      expect(
        compareBackends(() => tf.grad((a: tf.Tensor) => op(a).mul(a).sum())(x)),
        `${name} grad`,
      ).toBeLessThanOrEqual(TOL);
    }
    for (const [name, op] of [
      ['log', tf.log],
      ['sqrt', tf.sqrt],
      ['rsqrt', tf.rsqrt],
      ['reciprocal', tf.reciprocal],
    ] as const) {
      expect(
        compareBackends(() => op(pos)),
        name,
      ).toBeLessThanOrEqual(TOL);
    }
    expect(compareBackends(() => tf.relu(tf.tensor1d([Number.NaN, -1, 2])))).toBe(0);
  });

  it('reductions over contiguous axis blocks match cpu, others fall back', () => {
    setNativeThreads(threads);
    const x = rand([6, 5, 4, 3], 900);
    const axes: (number | number[])[] = [0, 1, 3, -1, [0, 1, 2], [1, 2], [0, 1, 2, 3], [0, 2]];
    for (const axis of axes) {
      for (const keepDims of [false, true]) {
        for (const [name, op] of [
          ['sum', tf.sum],
          ['mean', tf.mean],
          ['max', tf.max],
          ['min', tf.min],
        ] as const) {
          expect(
            compareBackends(() => op(x, axis, keepDims)),
            `${name} ${axis} ${keepDims}`,
          ).toBeLessThanOrEqual(TOL);
        }
      }
    }
    expect(compareBackends(() => tf.grad((a: tf.Tensor) => tf.max(a, 1).sum())(x))).toBeLessThanOrEqual(TOL);
    expect(compareBackends(() => tf.sum(tf.tensor1d([1, Number.NaN])))).toBe(0);
  });

  it('concat along every axis matches cpu', () => {
    setNativeThreads(threads);
    nativeKernelCounts(true);
    for (let axis = 0; axis < 4; axis++) {
      const shapeA = [2, 3, 4, 5];
      const shapeB = [...shapeA];
      shapeB[axis] = 3;
      const a = rand(shapeA, 1000 + axis);
      const b = rand(shapeB, 1100 + axis);
      const c = rand(shapeA, 1200 + axis);
      expect(
        compareBackends(() => tf.concat([a, b, c], axis)),
        `axis ${axis}`,
      ).toBeLessThanOrEqual(TOL);
      expect(
        compareBackends(() =>
          tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.concat([p, q], axis).square().sum())([a, b]),
        ),
      ).toBeLessThanOrEqual(TOL);
    }
    expect(nativeKernelCounts().Concat?.native).toBeGreaterThanOrEqual(8);
    // The gradient of concat is a split.
    expect(nativeKernelCounts().SplitV).toMatchObject({ fallback: 0 });
    expect(nativeKernelCounts().SplitV?.native).toBeGreaterThanOrEqual(4);
    const x = rand([3, 10, 4], 1500);
    for (const [sizes, axis] of [
      [[2, 3, 5], 1],
      [[1, -1], 2],
      [3, 0],
    ] as const) {
      expect(compareBackends(() => tf.split(x, sizes as number | number[], axis))).toBeLessThanOrEqual(TOL);
    }
  });
});

describe.each([1, 2])('batch norm and tile with %i thread(s)', (threads) => {
  it('batchNorm over channels and its gradients match cpu, natively', () => {
    setNativeThreads(threads);
    nativeKernelCounts(true);
    const x = rand([4, 5, 6, 8], 1300);
    const mean = rand([8], 1301);
    const variance = rand([8], 1302).abs();
    const scale = rand([8], 1303);
    const offset = rand([8], 1304);
    expect(compareBackends(() => tf.batchNorm(x, mean, variance, offset, scale, 0.01))).toBeLessThanOrEqual(
      TOL,
    );
    expect(
      compareBackends(() =>
        tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
          tf.batchNorm(a, m, v, o, s, 0.01).square().sum(),
        )([x, mean, variance, offset, scale]),
      ),
    ).toBeLessThanOrEqual(TOL);
    // Lengths that do not match: tfjs indexes each parameter modulo its length.
    const m3 = rand([3], 1305);
    const v3 = rand([3], 1306).abs();
    expect(compareBackends(() => tf.batchNorm(rand([7, 5], 1307), m3, v3))).toBeLessThanOrEqual(TOL);
    const counts = nativeKernelCounts();
    expect(counts.FusedBatchNorm?.fallback).toBe(0);
    expect(counts.FusedBatchNorm?.native).toBeGreaterThanOrEqual(3);
    expect(counts.StethFusedBatchNormGrad?.native).toBeGreaterThanOrEqual(1);
  });

  it('tile matches cpu for every axis pattern', () => {
    setNativeThreads(threads);
    const cases: [number[], number[]][] = [
      [[3], [4]],
      [
        [2, 3],
        [1, 1],
      ],
      [
        [2, 3],
        [3, 2],
      ],
      [
        [1, 1, 1, 5],
        [2, 3, 4, 1],
      ],
      [
        [2, 1, 3],
        [1, 4, 2],
      ],
    ];
    cases.forEach(([shape, reps], i) => {
      const x = rand(shape, 1400 + i);
      expect(
        compareBackends(() => tf.tile(x, reps)),
        `${shape} x ${reps}`,
      ).toBeLessThanOrEqual(TOL);
      expect(
        compareBackends(() => tf.grad((a: tf.Tensor) => tf.tile(a, reps).square().sum())(x)),
      ).toBeLessThanOrEqual(TOL);
    });
  });
});

describe.each([1, 2])('transpose and gather with %i thread(s)', (threads) => {
  it('transpose matches cpu for every permutation of a 4-D tensor, natively', () => {
    setNativeThreads(threads);
    nativeKernelCounts(true);
    const x = rand([3, 4, 5, 6], 1600);
    const perms = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [0, 3, 1, 2],
      [1, 0, 3, 2],
      [2, 0, 3, 1],
    ];
    for (const perm of perms) {
      expect(
        compareBackends(() => tf.transpose(x, perm)),
        `${perm}`,
      ).toBeLessThanOrEqual(TOL);
      expect(
        compareBackends(() => tf.grad((a: tf.Tensor) => tf.transpose(a, perm).square().sum())(x)),
      ).toBeLessThanOrEqual(TOL);
    }
    expect(nativeKernelCounts().Transpose).toMatchObject({ fallback: 0 });
  });

  it('gather along any axis and with batch dimensions matches cpu; a bad index fails as on cpu', () => {
    setNativeThreads(threads);
    nativeKernelCounts(true);
    const x = rand([4, 5, 6], 1700);
    const idx = tf.tensor1d([3, 0, 0, 2], 'int32');
    for (const axis of [0, 1, 2, -1]) {
      expect(
        compareBackends(() => tf.gather(x, idx, axis)),
        `axis ${axis}`,
      ).toBeLessThanOrEqual(TOL);
      expect(
        compareBackends(() => tf.grad((a: tf.Tensor) => tf.gather(a, idx, axis).square().sum())(x)),
      ).toBeLessThanOrEqual(TOL);
    }
    const batchIdx = tf.tensor2d(
      [
        [1, 0],
        [4, 4],
        [2, 3],
        [0, 0],
      ],
      [4, 2],
      'int32',
    );
    expect(compareBackends(() => tf.gather(x, batchIdx, 1, 1))).toBeLessThanOrEqual(TOL);
    expect(nativeKernelCounts().GatherV2).toMatchObject({ fallback: 0 });
    const bad = tf.tensor1d([0, 7], 'int32');
    tf.setBackend('native');
    expect(() => tf.gather(x, bad, 1)).toThrow(/GatherV2: the index value 7 is not in \[0, 4\]/);
  });
});
