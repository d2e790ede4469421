import { expectNoLeakedTensors } from '@steth/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHintOneHotNet,
  createHintPixelsNet,
  HINT_ENCODING_LAYER,
  hintScale,
  IMAGE_ENCODING_LAYER,
  PIXEL_HINT_TAP_LAYER,
} from './mnist-hints-nets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createHintOneHotNet (Appendix B, variant 1)', () => {
  const models: tf.LayersModel[] = [];
  afterAll(() => {
    for (const m of models) m.dispose();
  });

  it('has two convolutions, two 256-unit dense layers, a scalar hint encoder and a dense decoder', () => {
    const model = createHintOneHotNet({ convFilters: [4, 8] });
    models.push(model);
    const names = model.layers.map((l) => l.name);
    for (const name of [
      'conv_1',
      'conv_1_act',
      'conv_2',
      'conv_2_act',
      'dense_1',
      'dense_1_act',
      'dense_2',
    ]) {
      expect(names).toContain(name);
    }
    expect(model.getLayer(IMAGE_ENCODING_LAYER).outputShape).toEqual([null, 256]);
    expect(model.getLayer(HINT_ENCODING_LAYER).outputShape).toEqual([null, 10]);
    // The hint encoder has exactly one trainable parameter.
    expect(model.getLayer(HINT_ENCODING_LAYER).countParams()).toBe(1);
    expect(model.getLayer('logits').outputShape).toEqual([null, 10]);
    // conv 5x5: 1->4, 4->8, stride 2 twice: 7x7x8 = 392 features into dense_1.
    const expected =
      25 * 1 * 4 + 4 + (25 * 4 * 8 + 8) + (392 * 256 + 256) + (256 * 256 + 256) + 1 + (266 * 10 + 10);
    expect(model.countParams()).toBe(expected);
  });

  it('passes the hint through the scalar: logits change with the scale, and a zero scale hides the hint', () => {
    const model = createHintOneHotNet({ convFilters: [2, 2], denseUnits: [8, 8], seed: 3 });
    models.push(model);
    expect(hintScale(model)).toBe(1);
    const [a, b] = expectNoLeakedTensors(() =>
      tf.tidy(() => {
        const image = tf.randomUniform([2, 784], 0, 1, 'float32', 1);
        const hints = tf.oneHot(tf.tensor1d([3, 7], 'int32'), 10).toFloat();
        const otherHints = tf.oneHot(tf.tensor1d([5, 1], 'int32'), 10).toFloat();
        const layer = model.getLayer(HINT_ENCODING_LAYER);
        const diff = () =>
          tf
            .sub(model.predict([image, hints]) as tf.Tensor, model.predict([image, otherHints]) as tf.Tensor)
            .abs()
            .max()
            .dataSync()[0]!;
        const withHint = diff();
        layer.setWeights([tf.scalar(0)]);
        const hidden = diff();
        return [withHint, hidden];
      }),
    );
    expect(a).toBeGreaterThan(1e-4);
    expect(b).toBe(0);
    expect(hintScale(model)).toBe(0);
  });

  it('trains its hint scalar by gradient', () => {
    const model = createHintOneHotNet({ convFilters: [2, 2], denseUnits: [8, 8], seed: 1 });
    models.push(model);
    const scale = model.getLayer(HINT_ENCODING_LAYER).trainableWeights[0]!;
    const grads = tf.tidy(() => {
      const image = tf.zeros([4, 784]);
      const hints = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10).toFloat();
      const target = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10);
      const { grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(target, model.apply([image, hints]) as tf.Tensor) as tf.Scalar,
        [scale.read() as tf.Variable],
      );
      return Object.values(grads).map((g) => g.dataSync()[0]!);
    });
    expect(Math.abs(grads[0]!)).toBeGreaterThan(0);
  });
});

describe('createHintPixelsNet (Appendix B, variant 2)', () => {
  it('is a two-layer MLP with the stethoscope tap after the first hidden layer', () => {
    const model = createHintPixelsNet({ hiddenUnits: 32 });
    expect(model.getLayer(PIXEL_HINT_TAP_LAYER).outputShape).toEqual([null, 32]);
    expect(model.countParams()).toBe(784 * 32 + 32 + 32 * 10 + 10);
    model.dispose();
  });

  it('rejects a bad width, naming the field', () => {
    expect(() => createHintPixelsNet({ hiddenUnits: 0 })).toThrow(
      /hiddenUnits must be a positive integer, got 0/,
    );
  });
});

describe('registry entries', () => {
  it('builds both Appendix B nets by name with their taps', async () => {
    const { createModel } = await import('./model-registry');
    const one = createModel('mnist-hints-one-hot', { convFilters: [2, 2], denseUnits: [8, 8] });
    try {
      expect(one.taps).toEqual([
        { name: 'image_encoding', shape: [null, 8] },
        { name: 'hint_encoding', shape: [null, 10] },
        { name: 'logits', shape: [null, 10] },
      ]);
    } finally {
      one.model.dispose();
    }
    const two = createModel('mnist-hints-pixels', { hiddenUnits: 16 });
    try {
      expect(two.taps).toEqual([
        { name: 'hidden_1_act', shape: [null, 16] },
        { name: 'logits', shape: [null, 10] },
      ]);
    } finally {
      two.model.dispose();
    }
  });
});
