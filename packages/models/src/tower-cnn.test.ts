import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkModelConformance } from './model-conformance';
import { createModel } from './model-registry';
import { createTowerCnn } from './tower-cnn';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 32 px, narrow tower-cnn: one training step on the pure-JS backend takes well under a second. */
const TINY = { inputSize: 32, widths: [4, 4, 8, 8] as [number, number, number, number] };

describe('tower-cnn', () => {
  it('lists a tap at every stage with the shapes its strides imply', () => {
    const { model, taps } = createModel('tower-cnn', {});
    try {
      expect(taps).toEqual([
        { name: 'Stage1', shape: [null, 56, 56, 32] },
        { name: 'Stage2', shape: [null, 28, 28, 64] },
        { name: 'Stage3', shape: [null, 14, 14, 128] },
        { name: 'Stage4', shape: [null, 7, 7, 256] },
        { name: 'PreLogits', shape: [null, 256] },
        { name: 'Logits', shape: [null, 1] },
      ]);
      // 8 convs without bias, 8 batch norms (gamma, beta trainable), dense 256 -> 1
      const convs = 3 * 32 * 9 + 32 * 32 * 9 + 32 * 64 * 9 + 64 * 64 * 9 + 64 * 128 * 9 + 128 * 128 * 9;
      const wide = 128 * 256 * 9 + 256 * 256 * 9;
      const norms = 2 * 2 * (32 + 64 + 128 + 256);
      expect(model.countParams()).toBe(convs + wide + norms + norms + 257);
    } finally {
      model.dispose();
    }
  });

  it('is seeded: the same seed gives the same weights, another seed others', () => {
    const weights = (seed: number) => {
      const model = createTowerCnn({ ...TINY, seed });
      const w = model.getLayer('Stage1/conv_a/conv').getWeights()[0]!.dataSync().slice();
      model.dispose();
      return w;
    };
    expect(weights(3)).toEqual(weights(3));
    expect(weights(3)).not.toEqual(weights(4));
  });

  it('has no batch-norm layers and uses conv biases when batchNorm is false', () => {
    const model = createTowerCnn({ ...TINY, batchNorm: false });
    try {
      expect(model.layers.some((l) => l.getClassName() === 'BatchNormalization')).toBe(false);
      expect(model.getLayer('Stage1/conv').getWeights()).toHaveLength(2);
    } finally {
      model.dispose();
    }
  });

  it('rejects bad sizes with a message naming the field', () => {
    expect(() => createTowerCnn({ inputSize: 8 })).toThrow(/inputSize must be at least 16 px, got 8/);
    expect(() => createTowerCnn({ widths: [32, 0, 64, 64] })).toThrow(
      /widths\[1\] must be a positive integer, got 0/,
    );
    expect(() => createTowerCnn({ batchNormMomentum: 1 })).toThrow(
      /batchNormMomentum must be in \(0, 1\), got 1/,
    );
    expect(() => createTowerCnn({ dropoutKeepProb: 0 })).toThrow(
      /dropoutKeepProb must be in \(0, 1\], got 0/,
    );
  });

  it('passes the conformance check at a tiny size', async () => {
    const report = await checkModelConformance('tower-cnn', { config: TINY });
    expect(report.taps.map((t) => t.name)).toEqual([
      'Stage1',
      'Stage2',
      'Stage3',
      'Stage4',
      'PreLogits',
      'Logits',
    ]);
    expect(report.taps[0]?.shape).toEqual([null, 16, 16, 4]);
  });
});
