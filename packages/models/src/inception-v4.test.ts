import { expectNoLeakedTensors } from '@steth/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInceptionV4, inceptionV4EndPoints } from './inception-v4';
import { inceptionV4GridSizes, inceptionV4MinInputSize } from './inception-v4-config';
import { checkModelConformance } from './model-conformance';
import { countModelCost } from './model-flops';

/** Building the full 299 x 299 model is symbolic but allocates ~170 MB of weights. */
const FULL_MODEL_TIMEOUT_MS = 60_000;
/**
 * A training step of the small preset on the pure-JS backend takes ~8 s at
 * batch 1 on an idle machine, several times that under a parallel test run.
 */
const SMALL_PRESET_TIMEOUT_MS = 240_000;
/** A tiny Inception-v4: every block, quarter width, one block per stage, the smallest input. */
const TINY = { inputSize: 75, widthMultiplier: 0.25, blocksPerStage: [1, 1, 1] as const };

const trainableParams = (m: tf.LayersModel) =>
  m.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createInceptionV4 at 299 x 299 (TF-slim, 1001 classes, batch norm)', () => {
  let model: tf.LayersModel;
  beforeAll(() => {
    model = createInceptionV4({ inputSize: 299, outputs: 1001, batchNorm: true });
  }, FULL_MODEL_TIMEOUT_MS);
  afterAll(() => model.dispose());

  it('has every TF-slim end point as a layer with the architecture paper shapes', () => {
    const expected: Record<string, (number | null)[]> = {
      Conv2d_1a_3x3: [null, 149, 149, 32],
      Conv2d_2a_3x3: [null, 147, 147, 32],
      Conv2d_2b_3x3: [null, 147, 147, 64],
      Mixed_3a: [null, 73, 73, 160],
      Mixed_4a: [null, 71, 71, 192],
      Mixed_5a: [null, 35, 35, 384],
      PreLogits: [null, 1536],
      Logits: [null, 1001],
    };
    for (const s of 'bcde') expected[`Mixed_5${s}`] = [null, 35, 35, 384];
    expected.Mixed_6a = [null, 17, 17, 1024];
    for (const s of 'bcdefgh') expected[`Mixed_6${s}`] = [null, 17, 17, 1024];
    expected.Mixed_7a = [null, 8, 8, 1536];
    for (const s of 'bcd') expected[`Mixed_7${s}`] = [null, 8, 8, 1536];

    const endPoints = inceptionV4EndPoints();
    expect(endPoints).toEqual(
      Object.keys(expected).sort((a, b) => endPoints.indexOf(a) - endPoints.indexOf(b)),
    );
    expect(endPoints).toHaveLength(24);
    for (const name of endPoints) expect(model.getLayer(name).outputShape, name).toEqual(expected[name]);
    // Block outputs are single concatenate layers, stem convolutions end in their ReLU.
    expect(model.getLayer('Mixed_7a').getClassName()).toBe('Concatenate');
    expect(model.getLayer('Conv2d_1a_3x3').getClassName()).toBe('ReLU');
  });

  it('has the parameter count of TF-slim inception_v4 without aux logits', () => {
    // Published figure: 42,679,816 parameters for the TF-slim Inception-v4 weights
    // ported to PyTorch/Keras (osmr/imgclsmob README, "InceptionV4 ... 42,679,816";
    // keras-hub inception_v4_imagenet preset, "params": 42679816). Those ports
    // have 1000 classes and learn a batch-norm scale; TF-slim has 1001 classes
    // and no scale (inception_arg_scope, batch_norm_scale=False). The exact
    // published configuration is checked in the next test; here the same count
    // is adjusted: minus one gamma per conv channel, plus one class (1536 + 1).
    const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
    const convChannels = convs.reduce((n, l) => n + (l.getConfig().filters as number), 0);
    expect(convs).toHaveLength(149);
    expect(convChannels).toBe(31_584);
    expect(convs.every((l) => l.getConfig().useBias === false)).toBe(true);
    expect(trainableParams(model)).toBe(42_679_816 - convChannels + 1537);
    expect(trainableParams(model)).toBe(42_649_769);
    // Plus the moving mean and variance of every batch norm (all checkpoint
    // variables except AuxLogits), and the scale frozen at 1 that tfjs needs.
    expect(model.countParams()).toBe(42_649_769 + 3 * convChannels);
    const gammas = model.nonTrainableWeights.filter((w) => w.originalName.endsWith('gamma'));
    expect(gammas).toHaveLength(149);
  });

  it('costs what the published figure says: 12.3 G multiply-adds per 299 x 299 image', () => {
    // osmr/imgclsmob lists 12,304.93M for InceptionV4 (counting batch norm and
    // pooling too); convolutions and the classifier alone come to 0.4% less.
    const { macs, flops } = countModelCost(model);
    expect(macs / 12_304.93e6).toBeGreaterThan(0.99);
    expect(macs / 12_304.93e6).toBeLessThan(1);
    expect(flops).toBe(2 * macs);
  });
});

describe('createInceptionV4 configuration', () => {
  it(
    'matches the published parameter count exactly in the ported configuration (1000 classes, BN scale)',
    () => {
      const model = createInceptionV4({
        inputSize: 299,
        outputs: 1000,
        batchNorm: true,
        batchNormScale: true,
      });
      try {
        expect(trainableParams(model)).toBe(42_679_816);
      } finally {
        model.dispose();
      }
    },
    FULL_MODEL_TIMEOUT_MS,
  );

  it(
    'defaults to ShapeStacks: 224 x 224, one logit, no batch norm, biases on every convolution',
    () => {
      const model = createInceptionV4();
      try {
        expect(model.inputs[0]?.shape).toEqual([null, 224, 224, 3]);
        expect(model.getLayer('Mixed_5a').outputShape).toEqual([null, 25, 25, 384]);
        expect(model.getLayer('Mixed_6a').outputShape).toEqual([null, 12, 12, 1024]);
        expect(model.getLayer('Mixed_7a').outputShape).toEqual([null, 5, 5, 1536]);
        expect(model.getLayer('Logits').outputShape).toEqual([null, 1]);
        expect(model.layers.some((l) => l.getClassName() === 'BatchNormalization')).toBe(false);
        const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
        expect(convs.every((l) => l.getConfig().useBias === true)).toBe(true);
        // The bias replaces the batch-norm beta: same trainable count as TF-slim's 1-logit model.
        expect(model.countParams()).toBe(42_649_769 - 1000 * 1537);
        expect((model.getLayer('Dropout_1b').getConfig().rate as number).toFixed(2)).toBe('0.20');
      } finally {
        model.dispose();
      }
    },
    FULL_MODEL_TIMEOUT_MS,
  );

  it('computes the grid sizes of the valid-padded stages and the smallest input (75)', () => {
    expect(inceptionV4GridSizes(299)).toEqual({
      conv1a: 149,
      conv2a: 147,
      mixed3a: 73,
      mixed4a: 71,
      mixed5a: 35,
      mixed6a: 17,
      mixed7a: 8,
    });
    expect(inceptionV4MinInputSize()).toBe(75);
    expect(inceptionV4GridSizes(75).mixed7a).toBe(1);
    expect(inceptionV4GridSizes(74).mixed7a).toBe(0);
  });

  it('builds at the smallest input and rejects anything smaller with a clear error', () => {
    const model = createInceptionV4(TINY);
    try {
      expect(model.getLayer('Mixed_7a').outputShape).toEqual([null, 1, 1, 384]);
    } finally {
      model.dispose();
    }
    expect(() => createInceptionV4({ inputSize: 74 })).toThrow(
      /InceptionV4Config\.inputSize must be an integer >= 75, got 74\. .*Use 75 or more/,
    );
  });

  it('scales every convolution by the width multiplier and names blocks by the blocks per stage', () => {
    const model = createInceptionV4({ inputSize: 75, widthMultiplier: 0.5, blocksPerStage: [1, 2, 1] });
    try {
      const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
      expect(model.getLayer('Conv2d_1a_3x3/conv').getConfig().filters).toBe(16);
      expect(model.getLayer('Mixed_6c/Branch_2/Conv2d_0e_1x7/conv').getConfig().filters).toBe(128);
      expect(model.getLayer('Mixed_5a').outputShape).toEqual([null, 7, 7, 192]);
      expect(model.getLayer('Mixed_7b').outputShape).toEqual([null, 1, 1, 768]);
      // Stem 11 + A 7 + RA 4 + 2 x B 10 + RB 6 + C 10 convolutions.
      expect(convs).toHaveLength(11 + 7 + 4 + 20 + 6 + 10);
      expect(inceptionV4EndPoints([1, 2, 1])).toEqual([
        'Conv2d_1a_3x3',
        'Conv2d_2a_3x3',
        'Conv2d_2b_3x3',
        'Mixed_3a',
        'Mixed_4a',
        'Mixed_5a',
        'Mixed_5b',
        'Mixed_6a',
        'Mixed_6b',
        'Mixed_6c',
        'Mixed_7a',
        'Mixed_7b',
        'PreLogits',
        'Logits',
      ]);
      expect(() => model.getLayer('Mixed_6d')).toThrow();
    } finally {
      model.dispose();
    }
  });

  it('rejects invalid fields naming the field, the value and what to use', () => {
    expect(() => createInceptionV4({ widthMultiplier: 0 })).toThrow(
      /widthMultiplier must be a positive number, got 0/,
    );
    expect(() => createInceptionV4({ blocksPerStage: [1, 0, 1] })).toThrow(
      /blocksPerStage\[1\] must be an integer from 1 to 25, got 0/,
    );
    expect(() => createInceptionV4({ dropoutKeepProb: 0 })).toThrow(
      /dropoutKeepProb must be a probability in \(0, 1\]/,
    );
    expect(() => createInceptionV4({ outputs: 1.5 })).toThrow(/outputs must be a positive integer, got 1.5/);
    expect(() => createInceptionV4({ seed: 0.5 })).toThrow(/seed must be an integer/);
    try {
      createInceptionV4({ inputSize: 10 });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).name).toBe('InvalidArgumentError');
    }
  });

  it('is seeded: same seed same weights, another seed other weights', () => {
    const a = createInceptionV4({ ...TINY, seed: 3 });
    const b = createInceptionV4({ ...TINY, seed: 3 });
    const c = createInceptionV4({ ...TINY, seed: 4 });
    try {
      const kernel = (m: tf.LayersModel) =>
        m.getLayer('Mixed_6a/Branch_0/Conv2d_1a_3x3/conv').getWeights()[0]!.dataSync();
      expect(Array.from(kernel(a))).toEqual(Array.from(kernel(b)));
      expect(Array.from(kernel(a))).not.toEqual(Array.from(kernel(c)));
    } finally {
      for (const m of [a, b, c]) m.dispose();
    }
  });

  it('has no dropout layer when keeping every unit', () => {
    const model = createInceptionV4({ ...TINY, dropoutKeepProb: 1 });
    try {
      expect(() => model.getLayer('Dropout_1b')).toThrow();
      expect(model.getLayer('Logits').getClassName()).toBe('Dense');
    } finally {
      model.dispose();
    }
  });
});

describe('createInceptionV4 forward pass (tiny)', () => {
  it('pools, reduces and classifies as the architecture says', () => {
    const model = createInceptionV4({
      inputSize: 91,
      widthMultiplier: 0.25,
      blocksPerStage: [1, 1, 1],
      outputs: 3,
    });
    try {
      expectNoLeakedTensors(() =>
        tf.tidy(() => {
          const x = tf.randomNormal([2, 91, 91, 3], 0, 1, 'float32', 7);
          const names = ['Mixed_6b', 'Mixed_7a', 'Mixed_7b', 'PreLogits', 'Logits'];
          const [m6b, m7a, m7b, preLogits, logits] = model.execute(
            x,
            names.map((n) => (model.getLayer(n).output as tf.SymbolicTensor).name),
          ) as tf.Tensor[];
          // Reduction-B's last branch is a 3x3 stride-2 valid max pool of its input.
          const pooled = tf.maxPool(m6b as tf.Tensor4D, 3, 2, 'valid');
          const channels = (m7a as tf.Tensor).shape[3] as number;
          const poolBranch = tf.slice(m7a as tf.Tensor, [0, 0, 0, channels - 256], [-1, -1, -1, 256]);
          expect(poolBranch.shape).toEqual(pooled.shape);
          expect(tf.max(tf.abs(tf.sub(poolBranch, pooled))).dataSync()[0]).toBe(0);
          // PreLogits is the global average of the last block; Logits its affine map (no dropout at inference).
          expect(
            tf.max(tf.abs(tf.sub(preLogits as tf.Tensor, tf.mean(m7b as tf.Tensor, [1, 2])))).dataSync()[0],
          ).toBeLessThan(1e-5);
          const [kernel, bias] = model.getLayer('Logits').getWeights() as [tf.Tensor, tf.Tensor];
          const manual = tf.add(tf.matMul(preLogits as tf.Tensor2D, kernel as tf.Tensor2D), bias);
          expect(tf.max(tf.abs(tf.sub(logits as tf.Tensor, manual))).dataSync()[0]).toBeLessThan(1e-5);
          expect((logits as tf.Tensor).shape).toEqual([2, 3]);
        }),
      );
    } finally {
      model.dispose();
    }
  });
});

describe('Inception-v4 conformance', () => {
  it('inception-v4 (tiny configuration) passes the conformance check', async () => {
    const report = await checkModelConformance('inception-v4', {
      config: TINY,
      batchSize: 1,
      expectedTaps: inceptionV4EndPoints([1, 1, 1]).map((name) => ({
        name,
        shape: (
          {
            Conv2d_1a_3x3: [null, 37, 37, 8],
            Conv2d_2a_3x3: [null, 35, 35, 8],
            Conv2d_2b_3x3: [null, 35, 35, 16],
            Mixed_3a: [null, 17, 17, 40],
            Mixed_4a: [null, 15, 15, 48],
            Mixed_5a: [null, 7, 7, 96],
            Mixed_5b: [null, 7, 7, 96],
            Mixed_6a: [null, 3, 3, 256],
            Mixed_6b: [null, 3, 3, 256],
            Mixed_7a: [null, 1, 1, 384],
            Mixed_7b: [null, 1, 1, 384],
            PreLogits: [null, 384],
            Logits: [null, 1],
          } as Record<string, (number | null)[]>
        )[name] as (number | null)[],
      })),
    });
    expect(report.loss).toBeGreaterThan(0);
    expect(
      report.changedWeights.some((n) => n.startsWith('Mixed_7a/Branch_1/Conv2d_1a_3x3/conv/kernel')),
    ).toBe(true);
  });

  it('inception-v4 with batch norm (tiny) trains its betas and leaks nothing', async () => {
    const report = await checkModelConformance('inception-v4', { config: { ...TINY, batchNorm: true } });
    expect(
      report.changedWeights.some((n) => n.startsWith('Mixed_5b/Branch_0/Conv2d_0a_1x1/BatchNorm/beta')),
    ).toBe(true);
    expect(report.changedWeights.some((n) => n.includes('gamma'))).toBe(false);
    expect(report.changedWeights.some((n) => n.endsWith('/conv/bias'))).toBe(false);
  });

  it(
    'inception-v4-small passes the conformance check in its own configuration',
    async () => {
      const report = await checkModelConformance('inception-v4-small', { batchSize: 1 });
      expect(report.taps.find((t) => t.name === 'Mixed_7a')?.shape).toEqual([null, 2, 2, 384]);
      expect(report.taps.map((t) => t.name)).toEqual(inceptionV4EndPoints([2, 2, 1]));
    },
    SMALL_PRESET_TIMEOUT_MS,
  );
});
