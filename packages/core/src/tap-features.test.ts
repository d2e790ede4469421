import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, useCpuBackend } from '../test/fixtures';
import { measureAccessibility } from './accessibility';
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
