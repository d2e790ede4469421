import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, useCpuBackend } from '../test/fixtures';
import { measureAccessibility } from './accessibility';
import { InvalidArgumentError } from './errors';
import { computeTapFeatures } from './freeze';
import { createSeededRandom } from './random';
import { createTapFeatureExtractor, extractTapFeatures } from './tap-features';
import { expectNoLeakedTensors } from './testing';

beforeAll(useCpuBackend);

describe('multi-tap feature extraction', () => {
  it('streams batches through one extractor and equals one computeTapFeatures per tap', async () => {
    const model = createMlp({ inputs: 4, hidden: [8, 6], seed: 3 });
    const x = tf.randomNormal([10, 4], 0, 1, 'float32', 1);
    async function* batches() {
      for (let start = 0; start < 10; start += 4) {
        const b = x.slice(start, Math.min(4, 10 - start));
        yield b;
        b.dispose();
      }
    }
    const [enc1, enc2] = await expectNoLeakedTensors(
      () => extractTapFeatures(model, ['enc1', 'enc2'], batches()),
      {
        allowed: 2,
      },
    );
    expect(enc1!.shape).toEqual([10, 8]);
    expect(enc2!.shape).toEqual([10, 6]);
    for (const [name, got] of [
      ['enc1', enc1!],
      ['enc2', enc2!],
    ] as const) {
      const expected = computeTapFeatures(model, model.getLayer(name).output as tf.SymbolicTensor, x);
      expect(Array.from(got.dataSync())).toEqual(Array.from(expected.dataSync()));
      expected.dispose();
    }
  });

  it('fills one preallocated buffer per tap when told the example count, with the same values', async () => {
    const model = createMlp({ inputs: 4, hidden: [8, 6], seed: 3 });
    const x = tf.randomNormal([10, 4], 0, 1, 'float32', 2);
    const batches = () => [x.slice(0, 4), x.slice(4, 4), x.slice(8, 2)];
    const parts = await extractTapFeatures(model, ['enc1', 'enc2'], batches());
    const filled = await expectNoLeakedTensors(
      () => extractTapFeatures(model, ['enc1', 'enc2'], batches(), { examples: 10 }),
      { allowed: 2 + 3 },
    );
    expect(filled.map((t) => t.shape)).toEqual([
      [10, 8],
      [10, 6],
    ]);
    filled.forEach((t, i) => {
      expect(Array.from(t.dataSync())).toEqual(Array.from(parts[i]!.dataSync()));
    });
    await expect(extractTapFeatures(model, ['enc1'], batches(), { examples: 9 })).rejects.toThrow(
      /expect 9 examples but got at least 10/,
    );
    await expect(extractTapFeatures(model, ['enc1'], batches(), { examples: 11 })).rejects.toThrow(
      /expect 11 examples but got 10/,
    );
    await expect(extractTapFeatures(model, ['enc1'], batches(), { examples: 0 })).rejects.toThrow(
      /positive integer/,
    );
    tf.dispose([x, ...parts, ...filled]);
  });

  it('flattens on request and rejects an empty tap list and an empty stream', async () => {
    const model = createMlp({ inputs: 4, seed: 3 });
    const extractor = createTapFeatureExtractor(model, ['enc2', 'enc2'], { flatten: true });
    const out = extractor.extract(tf.zeros([3, 4]));
    expect(out.map((t) => t.shape)).toEqual([
      [3, 6],
      [3, 6],
    ]);
    tf.dispose(out);
    expect(() => createTapFeatureExtractor(model, [])).toThrow(/at least one tap/);
    await expect(extractTapFeatures(model, ['enc1'], [])).rejects.toThrow(/got no batches/);
  });
});

describe('computeTapFeatures on the extractor', () => {
  /** Two outputs; batch norm with moved statistics and dropout, so training mode would give other values. */
  function twoHeaded() {
    const input = tf.input({ shape: [4], name: 'x' });
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    const enc = tf.layers.dense({ units: 6, name: 'enc', kernelInitializer: init(1) }).apply(input);
    const bnLayer = tf.layers.batchNormalization({ name: 'bn' });
    const bn = bnLayer.apply(enc) as tf.SymbolicTensor;
    bnLayer.setWeights([
      tf.tensor1d([1.5, 0.5, 1, 2, 1, 0.7]),
      tf.tensor1d([0.1, -0.2, 0.3, 0, 0.5, -1]),
      tf.tensor1d([0.3, -0.4, 0.2, 0.1, -0.3, 0.6]),
      tf.tensor1d([2, 0.5, 1.5, 3, 0.8, 1.2]),
    ]);
    const drop = tf.layers.dropout({ rate: 0.5, name: 'drop' }).apply(bn) as tf.SymbolicTensor;
    const out1 = tf.layers.dense({ units: 1, name: 'out1', kernelInitializer: init(2) }).apply(drop);
    const out2 = tf.layers.dense({ units: 3, name: 'out2', kernelInitializer: init(3) }).apply(drop);
    return tf.model({ inputs: input, outputs: [out1, out2] as tf.SymbolicTensor[] });
  }

  it('equals the tap model in inference mode, at any batch size, on a model with two outputs', () => {
    const model = twoHeaded();
    const x = tf.randomNormal([23, 4], 0, 1, 'float32', 11);
    for (const tap of ['bn', 'drop', 'out2']) {
      const symbolic = model.getLayer(tap).output as tf.SymbolicTensor;
      const reference = tf.model({ inputs: model.inputs, outputs: symbolic }).predict(x) as tf.Tensor;
      const expected = Array.from(reference.dataSync());
      for (const batchSize of [256, 23, 5, 1]) {
        const got = expectNoLeakedTensors(() => computeTapFeatures(model, symbolic, x, batchSize), {
          allowed: 1,
        });
        expect(got.shape).toEqual(reference.shape);
        expect(Array.from(got.dataSync())).toEqual(expected);
        got.dispose();
      }
      // a layer name works as well as its tensor
      const byName = computeTapFeatures(model, tap, x, 7);
      expect(Array.from(byName.dataSync())).toEqual(expected);
      tf.dispose([reference, byName]);
    }
    // training mode (dropout, batch statistics) would differ: the reference is not trivially equal
    const training = model
      .getLayer('drop')
      .apply(model.getLayer('bn').apply(model.getLayer('enc').apply(x)), {
        training: true,
      }) as tf.Tensor;
    const inference = computeTapFeatures(model, 'drop', x);
    expect(Array.from(training.dataSync())).not.toEqual(Array.from(inference.dataSync()));
    // the extractor itself needs no single main output either, and computes only up to its taps
    const [bn, out1] = createTapFeatureExtractor(model, ['bn', 'out1']).extract(x);
    const bnAlone = computeTapFeatures(model, 'bn', x);
    expect(Array.from(bn!.dataSync())).toEqual(Array.from(bnAlone.dataSync()));
    expect(out1!.shape).toEqual([23, 1]);
    tf.dispose([bn!, out1!, bnAlone]);
    expect(() => computeTapFeatures(model, 'bn', x, 0)).toThrow(InvalidArgumentError);
    expect(() => computeTapFeatures(model, 'nope', x)).toThrow(/No layer named "nope"/);
    tf.dispose([x, training, inference]);
    model.dispose();
  });
});

describe('measureAccessibility on precomputed features', () => {
  function data(count: number, seed: number) {
    const random = createSeededRandom(seed);
    const s = Array.from({ length: count }, () => (random.next() < 0.5 ? 1 : 0));
    const x = tf.tensor2d(
      s.flatMap((si) => [
        2 * si - 1 + 0.3 * (random.next() - 0.5),
        random.next(),
        random.next(),
        random.next(),
      ]),
      [count, 4],
    );
    return { x, s: tf.tensor1d(s) };
  }

  it('gives exactly the report of the same call on inputs', () => {
    const model = createMlp({ inputs: 4, hidden: [16, 8], seed: 4 });
    const train = data(200, 1);
    const test = data(100, 2);
    const settings = {
      model,
      probe: { tap: 'enc1', task: 'binary' as const, hidden: 8 },
      steps: 60,
      batchSize: 32,
      optimizer: () => tf.train.rmsprop(1e-2),
    };
    const fromInputs = measureAccessibility({ ...settings, train, test });
    const tap = model.getLayer('enc1').output as tf.SymbolicTensor;
    const trainFeatures = computeTapFeatures(model, tap, train.x);
    const testFeatures = computeTapFeatures(model, tap, test.x);
    const fromFeatures = expectNoLeakedTensors(() =>
      measureAccessibility({
        ...settings,
        train: { features: trainFeatures, s: train.s },
        test: { features: testFeatures, s: test.s },
      }),
    );
    expect(fromFeatures).toEqual(fromInputs);
    expect(fromFeatures.accuracy).toBeGreaterThan(0.8);
    expect(() =>
      measureAccessibility({
        ...settings,
        train: { features: tf.zeros([200, 5]), s: train.s },
        test: { features: testFeatures, s: test.s },
      }),
    ).toThrow(
      /the train features have shape \[200,5\], but the probe's tap .* has shape \[,16\] \(16 values/,
    );
  });
});
