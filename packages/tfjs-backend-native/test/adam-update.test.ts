/**
 * The fused Adam update (src/adam-update.ts): bit-identical weights and
 * moments to tfjs's op-by-op AdamOptimizer on native, over several steps of a
 * small conv net with batch norm, with a learning rate changed mid-run (as
 * the trainer's schedules do) and a variable without a gradient; optimizer
 * state saved by getWeights is the same; and one kernel call a step.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createBnCnn } from '../bench/bn-cnn.mjs';
import { referenceBatch } from '../bench/reference-cnn.mjs';
import { setNativeAdamUpdate, setNativeThreads } from '../src/index';
import { nativeKernelCounts, rand } from './compare';

afterAll(() => {
  setNativeAdamUpdate(true);
  setNativeThreads(2);
});

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

async function train(fused: boolean) {
  tf.setBackend('native');
  setNativeAdamUpdate(fused);
  try {
    const model = createBnCnn(tf, { size: 16, widths: [8, 16], classes: 5 });
    const { x, y } = referenceBatch(tf, { batch: 16, size: 16, classes: 5 });
    const optimizer = tf.train.adam(0.01);
    const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
    // A variable the loss does not reach: its gradient is null and tfjs skips it.
    const idle = tf.variable(rand([3], 5), true, `adam-test-idle-${fused}`);
    const losses: number[] = [];
    for (let step = 0; step < 5; step++) {
      if (step === 3) (optimizer as unknown as { learningRate: number }).learningRate = 0.003;
      const { value, grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
        [...weights, idle],
      );
      optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
      losses.push(value.dataSync()[0]!);
      tf.dispose([value, grads]);
    }
    const state = await optimizer.getWeights();
    const result = {
      losses,
      weights: weights.map(bits),
      idle: bits(idle),
      state: state.map((s) => ({ name: s.name, bits: bits(s.tensor) })),
    };
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, y, idle]);
    return result;
  } finally {
    setNativeAdamUpdate(true);
  }
}

describe('fused Adam update', () => {
  it('gives the same bits as tfjs AdamOptimizer: weights, moments and losses, in one kernel call a step', async () => {
    setNativeThreads(2);
    const reference = await train(false);
    nativeKernelCounts(true);
    const fused = await train(true);
    expect(nativeKernelCounts().StethAdamUpdate?.native).toBe(5);
    expect(fused.losses).toEqual(reference.losses);
    expect(fused.losses[4]).toBeLessThan(fused.losses[0]!);
    expect(fused.weights).toEqual(reference.weights);
    expect(fused.idle).toEqual(reference.idle);
    // Layer names differ between the two models (tfjs numbers them); the moments' suffixes must not.
    const suffixes = (state: typeof fused.state) => state.map((s) => s.name.replace(/^.*\//, ''));
    expect(suffixes(fused.state)).toEqual(suffixes(reference.state));
    expect(fused.state.map((s) => s.bits)).toEqual(reference.state.map((s) => s.bits));
  });

  it('leaves other backends to tfjs', () => {
    tf.setBackend('cpu');
    nativeKernelCounts(true);
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const optimizer = tf.train.adam(0.1);
    optimizer.minimize(() => v.square().sum() as tf.Scalar);
    expect(nativeKernelCounts().StethAdamUpdate?.native ?? 0).toBe(0);
    // One Adam step moves each value by about the learning rate against its gradient's sign.
    const [a, b, c] = Array.from(v.dataSync());
    expect(a).toBeCloseTo(0.9, 5);
    expect(b).toBeCloseTo(1.9, 5);
    expect(c).toBeCloseTo(2.9, 5);
    tf.dispose([v]);
    optimizer.dispose();
    tf.setBackend('native');
  });
});
