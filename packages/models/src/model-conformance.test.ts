import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkModelConformance } from './model-conformance';
import { defineModel } from './model-definition';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A two-layer net; `deadFirstLayer` zeroes its ReLU output, so no gradient reaches `dense_a` or `dense_b`'s kernel. */
function tinyNet(options: { seeded?: boolean; deadFirstLayer?: boolean; strayTensor?: boolean } = {}) {
  return defineModel({
    name: 'tiny-net',
    description: 'two dense layers, for testing the conformance check',
    defaults: { seed: 1 },
    build: ({ seed }: { seed: number }) => {
      if (options.strayTensor) tf.ones([3]);
      const input = tf.input({ shape: [4] });
      const kernel = (s: number) =>
        tf.initializers.glorotUniform(options.seeded === false ? {} : { seed: s });
      const a = tf.layers
        .dense({
          units: 3,
          name: 'dense_a',
          activation: 'relu',
          kernelInitializer: kernel(seed),
          biasInitializer: tf.initializers.constant({ value: options.deadFirstLayer ? -1000 : 0 }),
        })
        .apply(input) as tf.SymbolicTensor;
      const out = tf.layers
        .dense({ units: 2, name: 'dense_b', kernelInitializer: kernel(seed + 1) })
        .apply(a);
      return tf.model({ inputs: input, outputs: out as tf.SymbolicTensor, name: 'tiny_net' });
    },
    tapNames: () => ['dense_a', 'dense_b'],
  });
}

describe('checkModelConformance', () => {
  it('passes a well-formed model and reports its taps, parameters and loss', async () => {
    const report = await checkModelConformance(tinyNet(), {
      expectedTaps: [
        { name: 'dense_a', shape: [null, 3] },
        { name: 'dense_b', shape: [null, 2] },
      ],
    });
    expect(report.trainableParams).toBe(4 * 3 + 3 + 3 * 2 + 2);
    expect(report.changedWeights).toHaveLength(4);
    expect(report.loss).toBeGreaterThan(0);
  });

  it('draws the same random batch on every call at the default seed, and refuses a bad seed', async () => {
    const first = await checkModelConformance(tinyNet());
    const second = await checkModelConformance(tinyNet());
    expect(second.loss).toBe(first.loss);
    expect((await checkModelConformance(tinyNet(), { seed: 3 })).loss).not.toBe(first.loss);
    await expect(checkModelConformance(tinyNet(), { seed: -1 })).rejects.toThrow(
      'checkModelConformance: seed must be a non-negative integer, got -1.',
    );
  });

  it('fails when the taps differ from the expected ones', async () => {
    await expect(
      checkModelConformance(tinyNet(), { expectedTaps: [{ name: 'dense_a', shape: [null, 4] }] }),
    ).rejects.toThrow(/Model "tiny-net" does not conform: its taps are .*expected/);
  });

  it('fails when a weight receives no gradient', async () => {
    await expect(checkModelConformance(tinyNet({ deadFirstLayer: true }))).rejects.toThrow(
      /left 3 trainable weight\(s\) unchanged: dense_a\/kernel\w*, dense_a\/bias\w*, dense_b\/kernel/,
    );
  });

  it('fails when the initialisers are not seeded', async () => {
    await expect(checkModelConformance(tinyNet({ seeded: false }))).rejects.toThrow(
      /two builds with the same configuration differ in weight "dense_a\/kernel/,
    );
  });

  it('fails when building the model leaks a tensor', async () => {
    await expect(checkModelConformance(tinyNet({ strayTensor: true }))).rejects.toThrow(
      /leaked 2 tensor\(s\)/,
    ); // one stray tensor per build: the model and its seeded twin
  });
});
