import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setNativeIsa, setNativeThreads } from '../src/index';
import { compareBackends, nativeKernelCounts, rand } from './compare';

const TOL = 1e-5;

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  stride: [number, number];
  pad: Pad;
  dilation: [number, number];
}

const CASES: Case[] = [
  { x: [2, 9, 9, 3], f: [3, 3, 3, 5], stride: [1, 1], pad: 'same', dilation: [1, 1] },
  { x: [3, 10, 7, 4], f: [3, 3, 4, 6], stride: [2, 2], pad: 'same', dilation: [1, 1] },
  { x: [2, 11, 13, 2], f: [5, 3, 2, 7], stride: [2, 3], pad: 'valid', dilation: [1, 1] },
  { x: [1, 8, 8, 5], f: [3, 3, 5, 4], stride: [1, 1], pad: 'valid', dilation: [2, 2] },
  { x: [2, 7, 9, 3], f: [2, 4, 3, 3], stride: [1, 2], pad: 'same', dilation: [1, 1] },
  { x: [3, 6, 6, 8], f: [1, 1, 8, 16], stride: [1, 1], pad: 'valid', dilation: [1, 1] },
  { x: [2, 7, 7, 4], f: [1, 1, 4, 3], stride: [2, 2], pad: 'same', dilation: [1, 1] },
  { x: [1, 5, 6, 3], f: [3, 3, 3, 2], stride: [3, 3], pad: 'same', dilation: [1, 1] },
  {
    x: [2, 6, 7, 3],
    f: [3, 2, 3, 4],
    stride: [1, 2],
    pad: [
      [0, 0],
      [2, 1],
      [0, 3],
      [0, 0],
    ],
    dilation: [1, 1],
  },
  { x: [1, 17, 15, 1], f: [7, 1, 1, 9], stride: [1, 1], pad: 'same', dilation: [1, 1] },
  { x: [4, 12, 12, 32], f: [3, 3, 32, 48], stride: [1, 1], pad: 'same', dilation: [1, 1] },
  // 16 channels in and out: AVX-512's 16-wide tile, forward and both gradients
  { x: [3, 9, 8, 16], f: [3, 3, 16, 16], stride: [1, 1], pad: 'same', dilation: [1, 1] },
  // 20 and 17 channels: just past the 16-wide tile, partial 32-wide tiles
  { x: [2, 6, 7, 17], f: [3, 3, 17, 20], stride: [1, 1], pad: 'valid', dilation: [1, 1] },
  // stride 1 with uneven explicit padding, wider than the filter on one side:
  // backprop-input as a forward conv of dy with the turned filter
  {
    x: [2, 5, 6, 3],
    f: [2, 3, 3, 16],
    stride: [1, 1],
    pad: [
      [0, 0],
      [0, 2],
      [3, 1],
      [0, 0],
    ],
    dilation: [1, 1],
  },
  // rows long enough for whole register tiles read from x in place (implicit
  // im2col: K = kH*kW*inC within one GEMM block), plus leftovers and borders
  { x: [2, 20, 37, 3], f: [3, 3, 3, 16], stride: [1, 1], pad: 'same', dilation: [1, 1] },
  { x: [2, 19, 61, 5], f: [3, 3, 5, 20], stride: [2, 2], pad: 'same', dilation: [1, 1] },
  // filter gradient read from x in place (16 channels: 48-wide kernel rows), stride 2
  { x: [2, 11, 13, 16], f: [3, 3, 16, 8], stride: [2, 2], pad: 'same', dilation: [1, 1] },
  {
    x: [1, 9, 40, 16],
    f: [3, 2, 16, 16],
    stride: [1, 1],
    pad: [
      [0, 0],
      [2, 0],
      [0, 3],
      [0, 0],
    ],
    dilation: [1, 1],
  },
  // first layers' filter gradient (3x3 over 3 channels or 1, outC a multiple of
  // 16): vector lanes along outC, more pixels than one GEMM block, stride 2 with
  // a padded left and right edge
  { x: [2, 33, 35, 3], f: [3, 3, 3, 32], stride: [2, 2], pad: 'same', dilation: [1, 1] },
  { x: [3, 14, 11, 1], f: [3, 3, 1, 16], stride: [1, 1], pad: 'same', dilation: [1, 1] },
  // more than 128 output channels (dW, not dW^T, a partial), several chunks: at
  // 2 threads four partial sums added up in group order
  { x: [2, 12, 12, 8], f: [3, 3, 8, 144], stride: [1, 1], pad: 'same', dilation: [1, 1] },
  // 9 kernel rows over 32 channels (K = 288, two GEMM blocks): the implicit forward's
  // per-block pieces of kernel rows
  { x: [2, 12, 5, 32], f: [9, 1, 32, 8], stride: [1, 1], pad: 'same', dilation: [1, 1] },
  // 96 output channels: the filter gradient as dW^T read from x in place
  { x: [2, 9, 10, 32], f: [3, 3, 32, 96], stride: [1, 1], pad: 'same', dilation: [1, 1] },
];

afterAll(() => {
  setNativeThreads(2);
  setNativeIsa('auto');
});

const ISAS = (['avx512', 'avx2', 'portable'] as const).filter((isa) => {
  const ok = setNativeIsa(isa);
  setNativeIsa('auto');
  return ok;
});

/** The case whose input has this shape (by shape, so adding cases moves nothing). */
function caseWithInput(x: Case['x']): Case {
  const c = CASES.find((k) => k.x.join() === x.join());
  if (!c) throw new Error(`no conv case with input ${x.join('x')}`);
  return c;
}

function label(c: Case): string {
  return `x ${c.x.join('x')} f ${c.f.join('x')} s ${c.stride} pad ${JSON.stringify(c.pad)} d ${c.dilation}`;
}

describe.each([1, 2])('convolutions with %i thread(s)', (threads) => {
  it('Conv2D forward matches cpu (strides, SAME/VALID/explicit padding, dilation, 1x1)', () => {
    setNativeThreads(threads);
    nativeKernelCounts(true);
    CASES.forEach((c, i) => {
      const x = rand(c.x, 100 + i);
      const f = rand(c.f, 200 + i);
      const err = compareBackends(() =>
        tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation),
      );
      expect(err, label(c)).toBeLessThanOrEqual(TOL);
    });
    expect(nativeKernelCounts().Conv2D).toMatchObject({ native: CASES.length, fallback: 0 });
  });

  it('Conv2DBackpropInput and Conv2DBackpropFilter match cpu', () => {
    setNativeThreads(threads);
    nativeKernelCounts(true);
    let n = 0;
    CASES.forEach((c, i) => {
      if (c.dilation[0] !== 1) return; // tfjs has no dilated conv gradients
      n++;
      const x = rand(c.x, 300 + i);
      const f = rand(c.f, 400 + i);
      const err = compareBackends(() =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad)
            .square()
            .sum(),
        )([x, f]),
      );
      expect(err, label(c)).toBeLessThanOrEqual(TOL);
    });
    const counts = nativeKernelCounts();
    expect(counts.Conv2DBackpropInput).toMatchObject({ native: n, fallback: 0 });
    expect(counts.Conv2DBackpropFilter).toMatchObject({ native: n, fallback: 0 });
  });

  it('conv2dTranspose (backprop-input as an op) matches cpu', () => {
    setNativeThreads(threads);
    const dy = rand([3, 4, 5, 6], 7);
    const f = rand([3, 3, 2, 6], 8);
    const err = compareBackends(() =>
      tf.conv2dTranspose(dy as tf.Tensor4D, f as tf.Tensor4D, [3, 7, 9, 2], 2, 'same'),
    );
    expect(err).toBeLessThanOrEqual(TOL);
  });
});

describe('convolutions on every micro-kernel family the CPU has', () => {
  it.each(ISAS)('%s: forward and both gradients match cpu', (isa) => {
    expect(setNativeIsa(isa)).toBe(true);
    for (const c of [
      CASES[1]!,
      CASES[5]!,
      CASES[10]!,
      CASES[11]!,
      caseWithInput([2, 11, 13, 16]),
      caseWithInput([2, 33, 35, 3]),
      caseWithInput([2, 12, 5, 32]),
    ]) {
      const x = rand(c.x, 31);
      const f = rand(c.f, 32);
      const err = compareBackends(() =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad)
            .square()
            .sum(),
        )([x, f]),
      );
      expect(err, `${isa} ${label(c)}`).toBeLessThanOrEqual(TOL);
    }
    setNativeIsa('auto');
  });
});

describe('FusedConv2D', () => {
  it.each(['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'prelu'] as const)(
    'with bias and %s matches cpu, and so do its gradients',
    (activation) => {
      const x = rand([2, 7, 6, 3], 1) as tf.Tensor4D;
      const f = rand([3, 3, 3, 4], 2) as tf.Tensor4D;
      const bias = rand([4], 3);
      const alpha = rand([4], 4);
      const op = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.fused.conv2d({
          x: a as tf.Tensor4D,
          filter: b as tf.Tensor4D,
          strides: [1, 2],
          pad: 'same',
          bias: c,
          activation,
          preluActivationWeights: activation === 'prelu' ? alpha : undefined,
          leakyreluAlpha: 0.15,
        });
      expect(compareBackends(() => op(x, f, bias))).toBeLessThanOrEqual(TOL);
      if (activation !== 'prelu' && activation !== 'relu6' && activation !== 'elu') {
        expect(
          compareBackends(() => tf.grads((a, b, c) => op(a!, b!, c!).sum())([x, f, bias])),
        ).toBeLessThanOrEqual(TOL);
      }
    },
  );

  it('runs natively for a 1-D bias and a scalar bias', () => {
    nativeKernelCounts(true);
    const x = rand([1, 5, 5, 2], 9) as tf.Tensor4D;
    const f = rand([3, 3, 2, 3], 10) as tf.Tensor4D;
    for (const bias of [rand([3], 11), tf.scalar(0.25)]) {
      expect(
        compareBackends(() =>
          tf.fused.conv2d({ x, filter: f, strides: 1, pad: 'valid', bias, activation: 'relu' }),
        ),
      ).toBeLessThanOrEqual(TOL);
    }
    expect(nativeKernelCounts().FusedConv2D).toMatchObject({ native: 2, fallback: 0 });
  });
});
