import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/fixtures';
import { batchNormLayers, recalibrateBatchNorm } from './batch-norm-recalibration';

beforeAll(useCpuBackend);

/** dense(3) -> batch norm -> dense(1): the batch norm sees dense(x), the same in both modes. */
function bnModel() {
  const input = tf.input({ shape: [4] });
  const dense = tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) });
  const h = dense.apply(input) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization({ momentum: 0.99 });
  const out = tf.layers.dense({ units: 1 }).apply(bn.apply(h) as tf.SymbolicTensor) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: input, outputs: out, name: 'bn-net' }), dense, bn };
}

const batches = () => [
  tf.randomNormal([8, 4], 2, 3, 'float32', 11),
  tf.randomNormal([8, 4], -1, 0.5, 'float32', 12),
  tf.randomNormal([8, 4], 0, 1, 'float32', 13),
];

describe('recalibrateBatchNorm', () => {
  it("sets the moving mean and variance to the mean of the batches' statistics and restores the momentum", async () => {
    const { model, dense, bn } = bnModel();
    const xs = batches();
    const moments = xs.map((x) => tf.moments(dense.apply(x) as tf.Tensor, 0));
    const expectedMean = tf.addN(moments.map((m) => m.mean)).div(xs.length);
    const expectedVariance = tf.addN(moments.map((m) => m.variance)).div(xs.length);
    const before = tf.memory().numTensors;

    const done = await recalibrateBatchNorm(model, xs);

    expect(done).toEqual({ layers: 1, batches: 3 });
    expect(tf.memory().numTensors).toBe(before);
    const [, , movingMean, movingVariance] = bn.getWeights();
    // far from the initial 0 and 1, so the check cannot pass by itself
    expect(Math.abs(expectedMean.dataSync()[0]!)).toBeGreaterThan(0.05);
    expect(Array.from(movingMean!.dataSync())).toEqual(
      Array.from(expectedMean.dataSync()).map((v) => expect.closeTo(v, 5)),
    );
    expect(Array.from(movingVariance!.dataSync())).toEqual(
      Array.from(expectedVariance.dataSync()).map((v) => expect.closeTo(v, 5)),
    );
    expect((bn as unknown as { momentum: number }).momentum).toBe(0.99);
    tf.dispose([...xs, expectedMean, expectedVariance, ...moments.flatMap((m) => [m.mean, m.variance])]);
    model.dispose();
  });

  it('uses only the first maxBatches, from an async iterable too', async () => {
    const { model, dense, bn } = bnModel();
    const xs = batches();
    async function* stream() {
      yield* xs;
    }
    const first = tf.moments(dense.apply(xs[0]!) as tf.Tensor, 0);
    expect(await recalibrateBatchNorm(model, stream(), { maxBatches: 1 })).toEqual({ layers: 1, batches: 1 });
    const [, , movingMean] = bn.getWeights();
    expect(Array.from(movingMean!.dataSync())).toEqual(
      Array.from(first.mean.dataSync()).map((v) => expect.closeTo(v, 5)),
    );
    tf.dispose([...xs, first.mean, first.variance]);
    model.dispose();
  });

  it('finds batch norm inside nested models and leaves the trainable weights alone', async () => {
    const { model: inner } = bnModel();
    const input = tf.input({ shape: [4] });
    const outer = tf.model({ inputs: input, outputs: inner.apply(input) as tf.SymbolicTensor });
    expect(batchNormLayers(outer)).toHaveLength(1);
    const trainable = outer.trainableWeights.map((w) => Array.from(w.read().dataSync()));
    const xs = batches();
    await recalibrateBatchNorm(outer, xs);
    expect(outer.trainableWeights.map((w) => Array.from(w.read().dataSync()))).toEqual(trainable);
    tf.dispose(xs);
    outer.dispose();
  });

  it('refuses a model without batch norm, no batches, and a bad maxBatches, changing nothing', async () => {
    const input = tf.input({ shape: [4] });
    const plain = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor,
      name: 'plain',
    });
    await expect(recalibrateBatchNorm(plain, [])).rejects.toThrow(
      'recalibrateBatchNorm: model "plain" has no BatchNormalization layer to recalibrate',
    );
    const { model, bn } = bnModel();
    await expect(recalibrateBatchNorm(model, [])).rejects.toThrow(
      'recalibrateBatchNorm: no batches were given; the statistics are unchanged',
    );
    expect(Array.from(bn.getWeights()[2]!.dataSync())).toEqual([0, 0, 0]);
    await expect(recalibrateBatchNorm(model, [], { maxBatches: 0 })).rejects.toThrow(
      'recalibrateBatchNorm: maxBatches must be a positive integer, got 0',
    );
    plain.dispose();
    model.dispose();
  });
});
