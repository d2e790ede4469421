import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inceptionV4EndPoints } from './inception-v4';
import { defineModel } from './model-definition';
import { createModel, listModels, MODEL_DEFINITIONS, type ModelName, tapsOf } from './model-registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model registry', () => {
  it('lists every registered model with a description, in registration order', () => {
    const listed = listModels();
    expect(listed.map((m) => m.name)).toEqual([
      'inception-v4',
      'inception-v4-small',
      'mlp',
      'mnist-hints-one-hot',
      'mnist-hints-pixels',
      'tower-cnn',
    ]);
    for (const m of listed) expect(m.description.length).toBeGreaterThan(20);
    expect(MODEL_DEFINITIONS.map((d) => d.name)).toEqual(listed.map((m) => m.name));
  });

  it('builds a preset with its taps and shapes, and lets the caller override fields', () => {
    const { model, taps, config } = createModel('inception-v4-small', { outputs: 4 });
    try {
      expect(config).toMatchObject({
        inputSize: 112,
        widthMultiplier: 0.25,
        blocksPerStage: [2, 2, 1],
        outputs: 4,
      });
      expect(taps.map((t) => t.name)).toEqual(inceptionV4EndPoints([2, 2, 1]));
      expect(taps.find((t) => t.name === 'Mixed_5a')?.shape).toEqual([null, 11, 11, 96]);
      expect(taps.find((t) => t.name === 'Mixed_6c')?.shape).toEqual([null, 5, 5, 256]);
      expect(taps.find((t) => t.name === 'Mixed_7a')?.shape).toEqual([null, 2, 2, 384]);
      expect(taps.at(-1)).toEqual({ name: 'Logits', shape: [null, 4] });
      expect(model.inputs[0]?.shape).toEqual([null, 112, 112, 3]);
    } finally {
      model.dispose();
    }
  });

  it('builds the paper preset at 224 x 224 with one logit', () => {
    const { model, taps } = createModel('inception-v4');
    try {
      expect(model.inputs[0]?.shape).toEqual([null, 224, 224, 3]);
      expect(taps).toHaveLength(24);
      expect(taps.find((t) => t.name === 'Mixed_7a')?.shape).toEqual([null, 5, 5, 1536]);
      expect(taps.at(-1)?.shape).toEqual([null, 1]);
    } finally {
      model.dispose();
    }
  });

  it('ignores undefined overrides and keeps the defaults', () => {
    const { model, config } = createModel('mlp', { hiddenSizes: [8], outputs: undefined });
    try {
      expect(config).toEqual({ inputSize: 784, hiddenSizes: [8], outputs: 10 });
    } finally {
      model.dispose();
    }
  });

  it('rejects an unknown name, listing the registered ones', () => {
    expect(() => createModel('inception-v5' as ModelName)).toThrow(
      /Unknown model "inception-v5"\. Registered models: inception-v4, inception-v4-small, mlp, mnist-hints-one-hot, mnist-hints-pixels, tower-cnn\./,
    );
  });

  it('reports a tap the model does not have, naming it', () => {
    const broken = defineModel({
      name: 'broken',
      description: 'a model whose definition lists a layer it never builds',
      defaults: {},
      build: () => {
        const input = tf.input({ shape: [2] });
        return tf.model({
          inputs: input,
          outputs: tf.layers.dense({ units: 1, name: 'out' }).apply(input) as tf.SymbolicTensor,
          name: 'broken',
        });
      },
      tapNames: () => ['out', 'missing'],
    });
    const model = broken.build({});
    try {
      expect(tapsOf(model, ['out'])).toEqual([{ name: 'out', shape: [null, 1] }]);
      expect(() => tapsOf(model, broken.tapNames({}))).toThrow(/Model "broken" has no layer named "missing"/);
    } finally {
      model.dispose();
    }
  });
});

/** Never called: `pnpm typecheck` checks that configurations are typed by model name. */
export function typedConfigurations(): void {
  createModel('inception-v4-small', { widthMultiplier: 0.5 }).config.inputSize satisfies number | undefined;
  createModel('mlp', { hiddenSizes: [4] }).config.inputSize satisfies number;
  // @ts-expect-error widthMultiplier is not a field of the MLP's configuration
  createModel('mlp', { widthMultiplier: 2 });
  // @ts-expect-error not a registered name
  createModel('inception-v5');
}
