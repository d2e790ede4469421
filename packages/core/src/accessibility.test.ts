import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, snapshotWeights, useCpuBackend } from '../test/fixtures';
import { majorityClassAccuracy, measureAccessibility, shuffleWithinGroups } from './accessibility';
import {
  computeTapFeatures,
  evaluateHeadOnFeatures,
  evaluateStethoscope,
  trainFreshStethoscope,
  trainHeadOnFeatures,
} from './freeze';
import { createSeededRandom } from './random';
import { createStethoscope } from './stethoscope';
import { expectNoLeakedTensors } from './testing';

beforeAll(useCpuBackend);

/** x0 carries s, x1 carries y; y agrees with s with probability 0.9. */
function makeData(count: number, seed: number) {
  const random = createSeededRandom(seed);
  const x = new Float32Array(count * 4);
  const s: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const si = random.next() < 0.6 ? 1 : 0;
    const yi = random.next() < 0.9 ? si : 1 - si;
    s.push(si);
    y.push(yi);
    x[i * 4] = 2 * si - 1 + 0.2 * (random.next() - 0.5);
    x[i * 4 + 1] = 2 * yi - 1 + 0.2 * (random.next() - 0.5);
    x[i * 4 + 2] = random.next() - 0.5;
    x[i * 4 + 3] = random.next() - 0.5;
  }
  return { x: tf.tensor2d(x, [count, 4]), s: tf.tensor1d(s), y };
}

const PROBE = { tap: 'enc1', task: 'binary' as const, hidden: 16 };
const OPTIONS = { steps: 300, batchSize: 32, optimizer: () => tf.train.rmsprop(1e-2) };

describe('majorityClassAccuracy', () => {
  it("scores always predicting the training set's most common label on the test labels", () => {
    const ints = (...v: number[]) => Int32Array.from(v);
    expect(majorityClassAccuracy(ints(1, 1, 0), ints(1, 1, 0))).toBe(2 / 3);
    expect(majorityClassAccuracy(ints(0, 0, 1), ints(0, 1, 1, 1))).toBe(0.25);
    // a tie goes to the smaller label, whatever order the labels come in
    expect(majorityClassAccuracy(ints(2, 1), ints(1, 2, 2))).toBe(1 / 3);
    expect(majorityClassAccuracy(ints(1, 2, 2, 1, 0), ints(2, 2, 1))).toBe(1 / 3);
    expect(majorityClassAccuracy(ints(3, 0, 3, 0, 5, 5), ints(0, 3, 5, 5))).toBe(0.25);
    // several classes: 4 wins with three of eight; labels never seen in training only count as misses
    expect(majorityClassAccuracy(ints(4, 1, 4, 2, 0, 4, 1, 5), ints(4, 4, 0, 3, 4, 1, 6))).toBe(3 / 7);
    // binary labels as a float tensor's data
    expect(majorityClassAccuracy(Float32Array.from([0, 1, 1]), Float32Array.from([1, 0, 0, 0, 1]))).toBe(0.4);
    expect(majorityClassAccuracy([7, 7], [8, 9])).toBe(0);
    expect(majorityClassAccuracy(ints(1), ints())).toBeNaN();
    expect(() => majorityClassAccuracy(ints(), ints(1))).toThrow(/at least one training label/);
  });
});

describe('accessibility scores', () => {
  it('shuffles labels within each group only', () => {
    const labels = [0, 1, 2, 3, 4, 5, 6, 7];
    const groups = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const shuffled = shuffleWithinGroups(labels, groups, 3);
    expect(shuffled).not.toEqual(labels);
    expect(shuffled.slice(0, 4).sort()).toEqual([0, 1, 2, 3]);
    expect(shuffled.slice(4).sort()).toEqual([4, 5, 6, 7]);
  });

  it('reports chance, a control near chance without groups, and a large selectivity', () => {
    const model = createMlp({ inputs: 4, hidden: [16, 8], seed: 4 });
    const train = makeData(400, 1);
    const test = makeData(300, 2);
    const report = expectNoLeakedTensors(() =>
      measureAccessibility({
        model,
        probe: PROBE,
        train: { x: train.x, s: train.s },
        test: {
          x: test.x,
          s: test.s,
          categories: test.y.map((yi, i) => (yi === test.s.dataSync()[i] ? 'agree' : 'disagree')),
        },
        ...OPTIONS,
      }),
    );
    const testS = Array.from(test.s.dataSync());
    expect(report.chance).toBeCloseTo(testS.filter((v) => v === 1).length / testS.length, 10);
    expect(report.accuracy).toBeGreaterThan(0.95);
    expect(report.controlAccuracy).toBeLessThan(report.chance + 0.05);
    expect(report.selectivity).toBeCloseTo(report.accuracy - report.controlAccuracy, 12);
    expect(report.selectivity).toBeGreaterThan(0.3);
    expect(Object.keys(report.perCategory!).sort()).toEqual(['agree', 'disagree']);
    expect(report.perCategory!.disagree!.accuracy).toBeGreaterThan(0.9);
    expect(report.perCategory!.agree!.count + report.perCategory!.disagree!.count).toBe(300);
  });

  it('a control shuffled within main-task classes explains most of the accuracy when s follows y', () => {
    const model = createMlp({ inputs: 4, hidden: [16, 8], seed: 4 });
    const train = makeData(400, 1);
    const test = makeData(300, 2);
    const report = measureAccessibility({
      model,
      probe: PROBE,
      train: { x: train.x, s: train.s, groups: train.y },
      test: { x: test.x, s: test.s },
      ...OPTIONS,
    });
    // The control learns "s is probably y" from the y-information in the layer: about 0.9.
    expect(report.controlAccuracy).toBeGreaterThan(0.8);
    expect(report.selectivity).toBeLessThan(0.2);
    expect(report.accuracy).toBeGreaterThan(0.95);
  });
});

describe('accessibility seeds', () => {
  it('gives the control its own init and shuffle seeds: exactly a head fitted by hand with them', () => {
    const model = createMlp({ inputs: 4, hidden: [16, 8], seed: 6 });
    const train = makeData(200, 7);
    const test = makeData(100, 8);
    const features = computeTapFeatures(model, 'enc1', train.x);
    const testFeatures = computeTapFeatures(model, 'enc1', test.x);
    const options = { epochs: 2, batchSize: 32, optimizer: () => tf.train.rmsprop(1e-2), seed: 3 };
    const byHand = (initSeed: number, labels: ArrayLike<number>) => {
      const head = createStethoscope(model, { ...PROBE, name: 'by-hand', lambda: 0, seed: initSeed });
      trainHeadOnFeatures(head, features, Int32Array.from(labels), options);
      const accuracy = evaluateHeadOnFeatures(head, testFeatures, test.s).accuracy;
      head.dispose();
      return accuracy;
    };
    const measure = (extra: { controlInitSeed?: number; controlShuffleSeed?: number }) =>
      measureAccessibility({
        model,
        probe: { ...PROBE, seed: 11 },
        train: { features, s: train.s, groups: train.y },
        test: { features: testFeatures, s: test.s },
        ...options,
        ...extra,
      });
    const labels = Array.from(train.s.dataSync());
    const defaults = measure({});
    expect(defaults.accuracy).toBe(byHand(11, labels));
    // by default the control starts from the probe's weights and shuffles with seed + 1
    expect(defaults.controlAccuracy).toBe(byHand(11, shuffleWithinGroups(labels, train.y, 4)));
    const own = measure({ controlInitSeed: 12, controlShuffleSeed: 20 });
    expect(own.accuracy).toBe(defaults.accuracy);
    expect(own.controlAccuracy).toBe(byHand(12, shuffleWithinGroups(labels, train.y, 20)));
    tf.dispose([features, testFeatures, train.x, train.s, test.x, test.s]);
  });
});

describe('fresh stethoscope on a frozen model (Appendix A)', () => {
  it('learns the task without changing the main network', () => {
    const model = createMlp({ inputs: 4, hidden: [16, 8], seed: 5 });
    const before = snapshotWeights(model);
    const train = makeData(300, 3);
    const test = makeData(200, 4);
    // The fresh stethoscope's four variables are all it leaves behind.
    const { stethoscope, losses } = expectNoLeakedTensors(
      () => trainFreshStethoscope(model, { name: 'fresh', ...PROBE }, train, OPTIONS),
      { allowed: 4 },
    );
    expect(losses.length).toBe(300);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    expect(snapshotWeights(model)).toEqual(before);
    const result = evaluateStethoscope(model, stethoscope, { x: test.x, s: test.s, categories: test.y });
    expect(result.accuracy!).toBeGreaterThan(0.95);
    expect(Object.keys(result.perCategory!).sort()).toEqual(['0', '1']);
    stethoscope.dispose();
  });
});
