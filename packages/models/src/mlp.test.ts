import { expectNoLeakedTensors } from '@steth/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMlp } from './mlp';
import { checkModelConformance } from './model-conformance';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createMlp', () => {
  const models: tf.LayersModel[] = [];
  afterAll(() => {
    for (const m of models) m.dispose();
  });

  it('names its layers so they can be tapped, and has the expected parameter count', () => {
    const model = createMlp({ inputSize: 784, hiddenSizes: [32, 16], outputs: 10 });
    models.push(model);
    expect(model.layers.map((l) => l.name)).toEqual([
      'input',
      'hidden_1',
      'hidden_1_act',
      'hidden_2',
      'hidden_2_act',
      'logits',
    ]);
    expect(model.countParams()).toBe(784 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10);
    expect(model.getLayer('hidden_1').outputShape).toEqual([null, 32]);
  });

  it('maps a batch to logits of the right shape without leaking tensors', () => {
    const model = createMlp({ inputSize: 4, hiddenSizes: [8], outputs: 3, activation: 'leakyRelu' });
    models.push(model);
    const out = expectNoLeakedTensors(() =>
      tf.tidy(() => (model.predict(tf.ones([5, 4])) as tf.Tensor).shape),
    );
    expect(out).toEqual([5, 3]);
  });

  it('gives identical weights for the same seed', () => {
    const a = createMlp({ inputSize: 3, hiddenSizes: [4], outputs: 2, seed: 5 });
    const b = createMlp({ inputSize: 3, hiddenSizes: [4], outputs: 2, seed: 5 });
    models.push(a, b);
    expect(a.getWeights()[0]!.arraySync()).toEqual(b.getWeights()[0]!.arraySync());
  });

  it('rejects a non-positive width with a message naming the field', () => {
    expect(() => createMlp({ inputSize: 0 })).toThrow(/inputSize must be a positive integer, got 0/);
    expect(() => createMlp({ inputSize: 3, hiddenSizes: [4, -1] })).toThrow(/hiddenSizes\[1\]/);
  });

  it('passes the registry conformance check', async () => {
    const report = await checkModelConformance('mlp', {
      config: { inputSize: 12, hiddenSizes: [6, 5], outputs: 3, seed: 2 },
      expectedTaps: [
        { name: 'hidden_1_act', shape: [null, 6] },
        { name: 'hidden_2_act', shape: [null, 5] },
        { name: 'logits', shape: [null, 3] },
      ],
      batchSize: 4,
    });
    expect(report.trainableParams).toBe(12 * 6 + 6 + 6 * 5 + 5 + 5 * 3 + 3);
  });
});
