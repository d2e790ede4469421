import type { PointAggregate } from '@steth/lab';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { resolveReproduceOptions } from './command';
import { checkFindings } from './findings';
import { getProfile } from './profiles';
import { type ResultPoint, toResultPoints } from './results';
import { figurePoints } from './run-reproduction';
import type { TowerPoint } from './settings';
import { cameraIndices } from './towers-data';
import { decayingRmsProp, splitTrainingExamples, summariseHits } from './train-run';

const example = (category: 'A' | 'B' | 'C' | 'D', i: number) => ({
  scenario: `s${i}`,
  imagePath: `/x/${i}.png`,
  camera: 1,
  height: 3,
  globalLabel: (category === 'A' || category === 'C' ? 0 : 1) as 0 | 1,
  localLabel: (category === 'A' || category === 'B' ? 0 : 1) as 0 | 1,
  category,
  originLabel: 0,
});

describe('tower run plumbing', () => {
  it('summarises hits per category, easy, hard and the mean of A-D', () => {
    const hits = [
      { category: 'A' as const, correct: true },
      { category: 'A' as const, correct: false },
      { category: 'B' as const, correct: false },
      { category: 'C' as const, correct: true },
      { category: 'D' as const, correct: true },
      { category: 'D' as const, correct: true },
    ];
    const s = summariseHits(hits);
    expect(s).toEqual({
      accuracyA: 0.5,
      accuracyB: 0,
      accuracyC: 1,
      accuracyD: 1,
      accuracyMean: 0.625,
      accuracyEasy: 0.75,
      accuracyHard: 0.5,
    });
  });

  it('keeps the hard towers out of the main task when training on easy, but gives them to the stethoscope', () => {
    const examples = (['A', 'B', 'C', 'D'] as const).map(example);
    const easy = splitTrainingExamples(examples, 'easy', true);
    expect(easy.main.map((e) => e.category)).toEqual(['A', 'D']);
    expect(easy.stethoscopeOnly.map((e) => e.category)).toEqual(['B', 'C']);
    expect(splitTrainingExamples(examples, 'hard', false)).toEqual({
      main: [examples[1], examples[2]],
      stethoscopeOnly: [],
    });
    expect(splitTrainingExamples(examples, 'all', true).stethoscopeOnly).toEqual([]);
    expect(() => splitTrainingExamples([{ ...examples[0]!, category: undefined }], 'all', false)).toThrow(
      /needs a manifest\.jsonl/,
    );
  });

  it('decays the RMSProp learning rate per epoch as the paper (0.975)', () => {
    const rms = decayingRmsProp({ learningRate: 0.045, decay: 0.9, epsilon: 1, epochDecay: 0.975 });
    const optimizer = rms.factory();
    rms.setEpoch(2);
    const v = tf.variable(tf.scalar(1));
    optimizer.applyGradients({ [v.name]: tf.scalar(1) } as Record<string, tf.Tensor>);
    // First RMSProp step with zero history: v -= lr * g / sqrt(0.1 g^2 + eps).
    expect(v.dataSync()[0]).toBeCloseTo(1 - (0.045 * 0.975 ** 2) / Math.sqrt(0.1 + 1), 5);
    tf.dispose([v]);
    optimizer.dispose();
  });

  it('maps ShapeStacks camera numbers to the renderer and rejects others', () => {
    expect(cameraIndices([1, 7, 10])).toEqual([0, 2, 3]);
    expect(() => cameraIndices([2])).toThrow(/1, 4, 7, 10/);
  });

  it('builds Fig. 3 (three splits) and Fig. 6 (easy, local stethoscope, lambda sweep) points', () => {
    const profile = getProfile('quick');
    const settings = { ...profile.settings, dataDir: '/d' };
    expect(figurePoints('fig3', profile, settings).map((p) => p.id)).toEqual([
      'fig3-all-lambda=0',
      'fig3-easy-lambda=0',
      'fig3-hard-lambda=0',
    ]);
    const fig6 = figurePoints('fig6', profile, settings);
    expect(fig6.map((p) => p.point.lambda)).toEqual(profile.fig6Lambdas);
    expect(fig6.every((p) => p.point.trainSplit === 'easy' && p.point.task === 'local')).toBe(true);
    expect(getProfile('paper').settings).toMatchObject({
      model: 'inception-v4',
      imageSize: 224,
      batchSize: 32,
      optimizer: { learningRate: 0.045, decay: 0.9, epsilon: 1, epochDecay: 0.975 },
    });
  });

  it('validates the command line', () => {
    const raw = { profile: 'quick', progress: false };
    expect(resolveReproduceOptions('all', raw).figures).toEqual(['fig3', 'fig6']);
    expect(resolveReproduceOptions('fig6', { ...raw, lambdas: '-1, 0,2', epochs: '3' })).toMatchObject({
      figures: ['fig6'],
      lambdas: [-1, 0, 2],
      settings: { epochs: 3 },
    });
    expect(() => resolveReproduceOptions('fig4', raw)).toThrow(/not implemented yet/);
    expect(() => resolveReproduceOptions('fig3', { ...raw, profile: 'gpu' })).toThrow(/--profile/);
    expect(() => resolveReproduceOptions('fig3', { ...raw, seeds: '0' })).toThrow(/--seeds/);
  });
});

const summary = (mean: number, half: number, n = 2) => ({
  mean,
  sd: half,
  n,
  halfWidth: half,
  lower: mean - half,
  upper: mean + half,
});

describe('results.json records and findings', () => {
  const point = (lambda: number): TowerPoint => ({
    figure: 'fig6',
    trainSplit: 'easy',
    tap: 'Mixed_7a',
    task: 'local',
    lambda,
    settings: { ...getProfile('quick').settings, dataDir: '/d' },
  });
  const aggregate = (
    lambda: number,
    hard: number,
    steth: number,
    easy = 0.9,
  ): PointAggregate<TowerPoint> => ({
    pointId: `p${lambda}`,
    point: point(lambda),
    metrics: {
      accuracyA: summary(0.9, 0.01),
      accuracyB: summary(hard, 0.01),
      accuracyC: summary(hard, 0.01),
      accuracyD: summary(0.9, 0.01),
      accuracyMean: summary((1.8 + 2 * hard) / 4, 0.01),
      accuracyEasy: summary(easy, 0.01),
      accuracyHard: summary(hard, 0.02),
      stethoscopeAccuracy: summary(steth, 0.03),
      seconds: summary(10, 1),
    },
  });

  it('writes one record per (figure, split, tap, task, lambda, category) with mean, interval and n', () => {
    const records = toResultPoints([aggregate(-1, 0.7, 0.6)]);
    expect(records).toHaveLength(8);
    expect(records.find((r) => r.category === 'hard')).toEqual({
      figure: 'fig6',
      trainSplit: 'easy',
      tap: null,
      task: 'global',
      lambda: -1,
      category: 'hard',
      mean: 0.7,
      interval: [expect.closeTo(0.68, 9), expect.closeTo(0.72, 9)],
      n: 2,
    });
    expect(records.find((r) => r.task === 'local')).toMatchObject({
      tap: 'Mixed_7a',
      category: 'all',
      mean: 0.6,
    });
  });

  it('checks the paper findings both ways', () => {
    const fig3 = (easy: number, hard: number): ResultPoint[] =>
      (['easy', 'hard'] as const).map((category) => ({
        figure: 'fig3',
        trainSplit: 'easy',
        tap: null,
        task: 'global',
        lambda: 0,
        category,
        mean: category === 'easy' ? easy : hard,
        interval: [0, 1],
        n: 1,
      }));
    const agreeing = [
      ...fig3(0.95, 0.6),
      ...toResultPoints([aggregate(-1, 0.75, 0.6), aggregate(0, 0.6, 0.9), aggregate(1, 0.5, 0.95)]),
    ];
    expect(checkFindings(agreeing).map((f) => [f.id, f.holds])).toEqual([
      ['easy-bias', true],
      ['adversarial-debias', true],
      ['auxiliary-bias', true],
    ]);
    const differing = [
      ...fig3(0.7, 0.65),
      ...toResultPoints([aggregate(-1, 0.55, 0.9), aggregate(0, 0.6, 0.9), aggregate(1, 0.7, 0.95)]),
    ];
    expect(checkFindings(differing).map((f) => f.holds)).toEqual([false, false, false]);
    expect(checkFindings([]).map((f) => f.holds)).toEqual([null, null, null]);
    // A network near chance is no evidence either way, whatever the gaps.
    const atChance = [
      ...fig3(0.56, 0.44),
      ...toResultPoints([
        aggregate(-1, 0.7, 0.4, 0.55),
        aggregate(0, 0.5, 0.5, 0.55),
        aggregate(1, 0.4, 0.6, 0.55),
      ]),
    ];
    const verdicts = checkFindings(atChance);
    expect(verdicts.map((f) => f.holds)).toEqual([null, null, null]);
    expect(verdicts[0]!.detail).toMatch(/near chance/);
  });
});
