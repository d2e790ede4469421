/**
 * The fused training-mode batch norm (src/batch-norm-training.ts): the
 * kernel's outputs and its gradient through the batch statistics against
 * tfjs's composition (moments + batchNorm) on `cpu`, and tfjs-layers'
 * BatchNormalization routed to it on native: same output, moving statistics
 * and gradients as on `cpu`, and only in training.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setNativeBatchNormGradients, setNativeThreads } from '../src/index';
import { nativeKernelCounts, rand, relError, runOn } from './compare';

const TOL = 1e-5;
const SHAPES: [number, number, number, number][] = [
  [16, 24, 24, 16],
  [3, 5, 7, 33],
  [1, 1, 1, 4],
  [2, 9, 3, 128],
  [32, 7, 7, 20],
];

afterAll(() => setNativeThreads(2));

/** y, mean and variance of training-mode batch norm, and the gradients of a loss using all three. */
function forwardAndGradients(
  how: 'kernel' | 'composed',
  x: tf.Tensor,
  scale: tf.Tensor,
  offset: tf.Tensor,
  weights: { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor },
  epsilon: number,
): tf.Tensor[] {
  const outputs = (a: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Tensor[] => {
    if (how === 'kernel')
      return tf
        .engine()
        .runKernel(
          'StethBatchNormTraining',
          { x: a, scale: s, offset: o },
          { varianceEpsilon: epsilon },
        ) as tf.Tensor[];
    const { mean, variance } = tf.moments(a, [0, 1, 2]);
    const y = tf.batchNorm4d(
      a as tf.Tensor4D,
      mean as tf.Tensor1D,
      variance as tf.Tensor1D,
      o as tf.Tensor1D,
      s as tf.Tensor1D,
      epsilon,
    );
    return [y, mean, variance];
  };
  const [y, mean, variance] = outputs(x, scale, offset);
  const grads = tf.grads((a, s, o) => {
    const [yy, m, v] = outputs(a, s, o);
    return tf.addN([yy!.mul(weights.y).sum(), m!.mul(weights.mean).sum(), v!.mul(weights.variance).sum()]);
  })([x, scale, offset]);
  return [y!, mean!, variance!, ...grads];
}

const NAMES = ['y', 'mean', 'variance', 'dx', 'dscale', 'doffset'];

describe.each([1, 2])('fused training-mode batch norm with %i thread(s)', (threads) => {
  it('gives the outputs and the gradients (through the statistics) of moments + batchNorm on cpu', () => {
    setNativeThreads(threads);
    nativeKernelCounts(true);
    SHAPES.forEach((shape, i) => {
      const C = shape[3];
      // A mean far from zero against the spread, as the first layer's inputs in [0, 255].
      const x = rand(shape, 10 + i)
        .mul(i % 2 ? 3 : 20)
        .add(i % 2 ? 1 : 150);
      const scale = rand([C], 20 + i);
      const offset = rand([C], 30 + i);
      const weights = { y: rand(shape, 40 + i), mean: rand([C], 50 + i), variance: rand([C], 60 + i) };
      for (const epsilon of [1e-3, 0.5]) {
        const cpu = runOn('cpu', () => forwardAndGradients('composed', x, scale, offset, weights, epsilon));
        const native = runOn('native', () =>
          forwardAndGradients('kernel', x, scale, offset, weights, epsilon),
        );
        native.forEach((values, k) => {
          expect(
            relError(values, cpu[k]!),
            `${JSON.stringify(shape)} eps ${epsilon} ${NAMES[k]}`,
          ).toBeLessThanOrEqual(k < 3 ? TOL : 1e-4);
        });
      }
    });
    const counts = nativeKernelCounts();
    // Per shape and epsilon: one forward alone, then a forward and a backward inside tf.grads.
    expect(counts.StethBatchNormTraining?.native).toBe(2 * 2 * SHAPES.length);
    expect(counts.StethBatchNormTrainingGrad?.native).toBe(2 * SHAPES.length);
  });

  it('rejects scale and offset of the wrong length with a message that says so', () => {
    setNativeThreads(threads);
    tf.setBackend('native');
    const x = rand([2, 3, 3, 4], 1);
    expect(() =>
      tf.engine().runKernel('StethBatchNormTraining', { x, scale: rand([3], 2), offset: rand([4], 3) }, {}),
    ).toThrow(/scale and offset must have 4 values, one a channel/);
    x.dispose();
  });
});

/** A BatchNormalization layer with non-trivial weights: gamma, beta, moving mean, moving variance. */
function makeLayer(C: number, momentum: number) {
  const layer = tf.layers.batchNormalization({ axis: -1, momentum, epsilon: 1e-3 });
  layer.build([null, 5, 5, C]);
  const initial = [rand([C], 71), rand([C], 72), rand([C], 73), rand([C], 74).abs().add(0.5)];
  return { layer, reset: () => layer.setWeights(initial) };
}

describe("tfjs-layers' BatchNormalization on native", () => {
  it('trains through the fused kernel and matches cpu: output, moving statistics and gradients', () => {
    setNativeThreads(2);
    const C = 12;
    const { layer, reset } = makeLayer(C, 0.9);
    const x = rand([6, 5, 5, C], 80).mul(4).add(2);
    const w = rand([6, 5, 5, C], 81);
    const step = (): tf.Tensor[] => {
      reset();
      const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(
        () => (layer.apply(x, { training: true }) as tf.Tensor).mul(w).sum() as tf.Scalar,
        vars,
      );
      const y = layer.apply(x, { training: true }) as tf.Tensor;
      // After two training calls the moving statistics moved twice.
      const [, , movingMean, movingVariance] = layer.getWeights();
      return [value, y, ...vars.map((v) => grads[v.name]!), movingMean!, movingVariance!];
    };
    nativeKernelCounts(true);
    const cpu = runOn('cpu', step);
    const native = runOn('native', step);
    const names = ['loss', 'y', 'dgamma', 'dbeta', 'moving mean', 'moving variance'];
    native.forEach((values, k) => {
      expect(relError(values, cpu[k]!), names[k]).toBeLessThanOrEqual(1e-5);
    });
    const counts = nativeKernelCounts();
    expect(counts.StethBatchNormTraining?.native).toBe(2);
    expect(counts.StethBatchNormTrainingGrad?.native).toBe(1);
    expect(counts.StethFusedBatchNormGrad?.native ?? 0, 'no composed gradient').toBe(0);
    expect(counts.Mean?.native ?? 0, 'no moments').toBe(0);
    // two training calls, two moving statistics each, one kernel call per update
    expect(counts.StethMovingAverage?.native).toBe(4);
    expect(counts.Sub?.native ?? 0, 'no composed moving-average update').toBe(0);
  });

  it("updates the moving statistics with the bits of tfjs-layers' sub, mul, sub", () => {
    tf.setBackend('native');
    const special = [0, -0, 1e30, -1e-30, Number.NaN, Number.POSITIVE_INFINITY, 3.5, -2];
    const current = tf.concat([rand([61], 100), tf.tensor1d(special)]);
    const value = tf.concat([rand([61], 101), tf.tensor1d([...special].reverse())]);
    for (const momentum of [0.99, 0.9, 0.5, 1 / 3]) {
      const decay = 1 - momentum;
      const composed = tf.sub(current, tf.mul(tf.sub(current, value), decay));
      const fused = tf.engine().runKernel('StethMovingAverage', { current, value }, { decay }) as tf.Tensor;
      expect(Array.from(fused.dataSync()), `momentum ${momentum}`).toEqual(Array.from(composed.dataSync()));
      tf.dispose([composed, fused]);
    }
    expect(() =>
      tf.engine().runKernel('StethMovingAverage', { current, value: tf.ones([3]) }, { decay: 0.1 }),
    ).toThrow(/current and value must be float32 tensors of one shape/);
    tf.dispose([current, value]);
  });

  it('keeps tfjs-layers code in inference and when native batch norm is switched off', () => {
    setNativeThreads(2);
    const { layer, reset } = makeLayer(5, 0.5);
    const x = rand([4, 5, 5, 5], 90);
    tf.setBackend('native');
    reset();
    nativeKernelCounts(true);
    tf.tidy(() => layer.apply(x, { training: false }) as tf.Tensor);
    expect(nativeKernelCounts().StethBatchNormTraining?.native ?? 0).toBe(0);
    setNativeBatchNormGradients(false);
    try {
      tf.tidy(() => layer.apply(x, { training: true }) as tf.Tensor);
      expect(nativeKernelCounts().StethBatchNormTraining?.native ?? 0).toBe(0);
    } finally {
      setNativeBatchNormGradients(true);
    }
    tf.tidy(() => layer.apply(x, { training: true }) as tf.Tensor);
    expect(nativeKernelCounts().StethBatchNormTraining?.native).toBe(1);
  });
});
