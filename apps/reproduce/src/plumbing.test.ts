import { accuracyByCategory, createStethoscopeTrainer } from '@steth/core';
import type { PointAggregate } from '@steth/lab';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { resolveReproduceOptions } from './command';
import { allTowersSettings, FIGURES, figurePoints, sweepPoints, towerPoint } from './figure-points';
import { allTowersDataDir, getProfile } from './profiles';
import { resultPointsCsv, toResultPoints } from './results';
import { profileWithOptions, towerCount } from './run-reproduction';
import type { FigureName, TowerPoint } from './settings';
import { cameraIndices } from './towers-data';
import { mainOptimizer, overallAccuracy, splitTrainingExamples, summariseCategories } from './train-run';

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
  it('summarises accuracy per category, easy, hard and the mean of A-D, and overall', () => {
    const perCategory = accuracyByCategory(
      [true, false, false, true, true, true],
      ['A', 'A', 'B', 'C', 'D', 'D'],
    );
    expect(overallAccuracy(perCategory)).toBe(4 / 6);
    expect(overallAccuracy({})).toBeNaN();
    const s = summariseCategories(perCategory);
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
    const local = { task: 'local' as const, tap: 'Mixed_7a', lambda: 0 };
    const easy = splitTrainingExamples(examples, 'easy', local);
    expect(easy.main.map((e) => e.category)).toEqual(['A', 'D']);
    expect(easy.stethoscopeOnly.map((e) => e.category)).toEqual(['B', 'C']);
    // an origin stethoscope (Fig. 5) trains on the main split alone
    expect(splitTrainingExamples(examples, 'hard', { ...local, task: 'origin' })).toEqual({
      main: [examples[1], examples[2]],
      stethoscopeOnly: [],
    });
    expect(splitTrainingExamples(examples, 'all', local).stethoscopeOnly).toEqual([]);
    expect(() => splitTrainingExamples([{ ...examples[0]!, category: undefined }], 'all', null)).toThrow(
      /needs a manifest\.jsonl/,
    );
  });

  it('decays the RMSProp learning rate per epoch as the paper (0.975)', () => {
    const rms = mainOptimizer({ learningRate: 0.045, decay: 0.9, epsilon: 1, epochDecay: 0.975 });
    expect(rms.learningRate(0)).toBe(0.045);
    expect(rms.learningRate(2)).toBe(0.045 * 0.975 ** 2);
    const input = tf.input({ shape: [1] });
    const model = tf.model({
      inputs: input,
      outputs: tf.layers
        .dense({ units: 1, useBias: false, kernelInitializer: 'ones' })
        .apply(input) as tf.SymbolicTensor,
    });
    const trainer = createStethoscopeTrainer({
      model,
      mainTask: (_y, yPred) => tf.sum(yPred),
      optimizer: rms.factory,
      learningRate: rms.learningRate,
    });
    trainer.setEpoch(2);
    trainer.step({ x: tf.ones([1, 1]), y: tf.zeros([1, 1]) });
    // First RMSProp step with zero history: w -= lr * g / sqrt(0.1 g^2 + eps), g = 1.
    expect(model.getWeights()[0]!.dataSync()[0]).toBeCloseTo(
      1 - (0.045 * 0.975 ** 2) / Math.sqrt(0.1 + 1),
      5,
    );
    trainer.dispose();
    model.dispose();
  });

  it('maps ShapeStacks camera numbers to the renderer and rejects others', () => {
    expect(cameraIndices([1, 7, 10])).toEqual([0, 2, 3]);
    expect(() => cameraIndices([2])).toThrow(/1, 4, 7, 10/);
  });

  it('shares runs between figures: Fig. 3 reuses Figs. 4, 5 and 6 points', () => {
    const profile = getProfile('quick');
    const settings = { ...profile.settings, dataDir: '/d' };
    const ids = (figure: FigureName) => figurePoints(figure, profile, settings).map((p) => p.id);
    expect(ids('fig3')).toEqual([
      'all+probes',
      'easy-local@PreLogits-lambda=0',
      'hard-origin@PreLogits-lambda=0',
    ]);
    expect(ids('fig4')).toEqual(['all+probes']);
    expect(ids('fig5')).toEqual(profile.fig5Lambdas.map((l) => `hard-origin@PreLogits-lambda=${l}`));
    expect(ids('fig6')).toEqual([
      'easy-local@PreLogits-lambda=-0.3+recovery',
      'easy-local@PreLogits-lambda=0',
      'easy-local@PreLogits-lambda=1',
    ]);
    expect(ids('fig7')).toEqual([
      'easy-local@PreLogits-lambda=-0.3+recovery',
      'easy-local@PreLogits-lambda=0',
    ]);
    // every run once: 1 (all) + 2 (fig5) + 3 (fig6), the rest shared; longest first
    expect(sweepPoints(FIGURES, profile, settings).map((p) => p.id)).toEqual([
      'all+probes',
      'easy-local@PreLogits-lambda=-0.3+recovery',
      'easy-local@PreLogits-lambda=1',
      'easy-local@PreLogits-lambda=0',
      'hard-origin@PreLogits-lambda=0',
      'hard-origin@PreLogits-lambda=2',
    ]);
    // the cpu profile's all-towers run trains on the larger dataset beside the profile's; every other
    // run, and every run of a profile without one, on the profile's
    const cpu = getProfile('cpu');
    const cpuSettings = { ...cpu.settings, dataDir: '/d/towers' };
    const trainingOf = (figure: FigureName) =>
      figurePoints(figure, cpu, cpuSettings).map((p) => [p.id, p.point.settings.trainingDataDir]);
    expect(cpu.allTowersTrainingTowers).toBe(24000);
    expect(trainingOf('fig4')).toEqual([['all+probes', '/d/towers-24000']]);
    expect(trainingOf('fig3').map(([, dir]) => dir)).toEqual(['/d/towers-24000', undefined, undefined]);
    expect(new Set(trainingOf('fig6').map(([, dir]) => dir))).toEqual(new Set([undefined]));
    expect(allTowersSettings(cpu, cpuSettings)).toEqual({
      ...cpuSettings,
      trainingDataDir: '/d/towers-24000',
      epochs: 8,
    });
    // it trains longer; every other run keeps the profile's epochs
    const epochsOf = (figure: FigureName) =>
      figurePoints(figure, cpu, cpuSettings).map((p) => p.point.settings.epochs);
    expect(cpu.allTowersEpochs).toBe(8);
    expect(cpu.settings.epochs).toBe(6);
    expect(epochsOf('fig4')).toEqual([8]);
    expect(epochsOf('fig3')).toEqual([8, 6, 6]);
    expect(new Set(epochsOf('fig6'))).toEqual(new Set([6]));
    // a profile with only one of the two fields changes only that
    const epochsOnly = { ...cpu, allTowersTrainingTowers: undefined };
    expect(allTowersSettings(epochsOnly, cpuSettings)).toEqual({ ...cpuSettings, epochs: 8 });
    const towersOnly = { ...cpu, allTowersEpochs: undefined };
    expect(allTowersSettings(towersOnly, cpuSettings)).toEqual({
      ...cpuSettings,
      trainingDataDir: '/d/towers-24000',
    });
    expect(allTowersSettings(profile, settings)).toBe(settings);
    expect(allTowersDataDir('/d/towers/', 24000)).toBe('/d/towers-24000');
    // --towers sets every run's dataset, the all-towers run's too
    expect(profileWithOptions('cpu', { towers: 4000 })).toMatchObject({
      allTowersTrainingTowers: undefined,
      allTowersEpochs: undefined,
    });
    expect(profileWithOptions('cpu', { seeds: 1 })).toMatchObject({
      allTowersTrainingTowers: 24000,
      allTowersEpochs: 8,
    });
    // --epochs sets every run's epochs, the all-towers run's too
    const overridden = profileWithOptions('cpu', { settings: { epochs: 2 } });
    expect(overridden).toMatchObject({ allTowersTrainingTowers: 24000, allTowersEpochs: undefined });
    // the report counts towers with thousands separators
    expect([towerCount(24000), towerCount(12000), towerCount(1), towerCount(999)]).toEqual([
      '24,000 towers',
      '12,000 towers',
      '1 tower',
      '999 towers',
    ]);
    // 0 is added to a sweep that leaves it out
    profile.fig6Lambdas = [-2];
    expect(ids('fig6')).toEqual(['easy-local@PreLogits-lambda=-2+recovery', 'easy-local@PreLogits-lambda=0']);
    expect(getProfile('paper').settings).toMatchObject({
      model: 'inception-v4',
      imageSize: 224,
      framing: 'shapestacks',
      batchSize: 32,
      optimizer: { learningRate: 0.045, decay: 0.9, epsilon: 1, epochDecay: 0.975 },
    });
    // the cpu profile: the batch-norm CNN, Adam, flips, moving averages at test, three seeds
    expect(cpu.seeds).toBeGreaterThanOrEqual(3);
    expect(cpu.settings).toMatchObject({
      model: 'tower-cnn',
      batchNorm: true,
      testWithBatchStatistics: false,
      evaluateOn: 'test',
      optimizer: { kind: 'adam' },
    });
    // batch norm's statistics recalibrated after training (its moving averages trail the weights)
    expect(cpu.settings.recalibrateBatchNorm).toBeGreaterThan(0);
    expect(cpu.fig6Lambdas.some((l) => l < 0) && cpu.fig6Lambdas.some((l) => l > 0)).toBe(true);
    expect(getProfile('quick').settings.probes.taps).toEqual([
      'Mixed_5a',
      'Mixed_5b',
      'Mixed_5c',
      'Mixed_6a',
      'Mixed_6b',
      'Mixed_6c',
      'Mixed_7a',
      'Mixed_7b',
    ]);
  });

  it('validates the command line', () => {
    const raw = { profile: 'quick', progress: false };
    expect(resolveReproduceOptions('all', raw).figures).toEqual(['fig3', 'fig4', 'fig5', 'fig6', 'fig7']);
    expect(
      resolveReproduceOptions('fig6', { ...raw, fig6Lambdas: '-1, 0,2', fig5Lambdas: '4', epochs: '3' }),
    ).toMatchObject({
      figures: ['fig6'],
      fig5Lambdas: [4],
      fig6Lambdas: [-1, 0, 2],
      settings: { epochs: 3 },
    });
    expect(() => resolveReproduceOptions('fig8', raw)).toThrow(
      'Unknown figure "fig8"; expected fig3, fig4, fig5, fig6, fig7 or all.',
    );
    expect(() => resolveReproduceOptions('fig6', { ...raw, fig6Lambdas: '-1,,2' })).toThrow(
      '--fig6-lambdas must be comma-separated numbers, got "-1,,2"',
    );
    expect(resolveReproduceOptions('fig3', { ...raw, evaluateOn: 'eval' }).settings).toEqual({
      evaluateOn: 'eval',
    });
    expect(() => resolveReproduceOptions('fig3', { ...raw, evaluateOn: 'train' })).toThrow(
      '--evaluate-on must be test or eval, got "train"',
    );
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
  values: [mean - half, mean + half],
  seeds: [0, 1],
});

describe('results.json records', () => {
  const settings = { ...getProfile('quick').settings, dataDir: '/d' };
  const main = (hard: number) => ({
    accuracyA: summary(0.9, 0.01),
    accuracyB: summary(hard, 0.01),
    accuracyC: summary(hard, 0.01),
    accuracyD: summary(0.9, 0.01),
    accuracyMean: summary((1.8 + 2 * hard) / 4, 0.01),
    accuracyEasy: summary(0.9, 0.01),
    accuracyHard: summary(hard, 0.02),
    seconds: summary(10, 1),
  });

  it('writes one record per (figure, split, tap, task, lambda, category) with mean, interval and n', () => {
    const point = towerPoint('easy', { task: 'local', tap: 'Mixed_7a', lambda: -1 }, settings);
    const aggregate: PointAggregate<TowerPoint> = {
      pointId: 'p',
      point,
      metrics: {
        ...main(0.7),
        stethoscopeAccuracy: summary(0.6, 0.03),
        'recovery/0': summary(0.6, 0.03),
        'recovery/1': summary(0.8, 0.02),
      },
    };
    const fig6 = toResultPoints('fig6', [aggregate]);
    expect(fig6).toHaveLength(8);
    expect(fig6.find((r) => r.category === 'hard')).toEqual({
      figure: 'fig6',
      trainSplit: 'easy',
      tap: null,
      task: 'global',
      lambda: -1,
      category: 'hard',
      measure: 'accuracy',
      mean: 0.7,
      interval: [expect.closeTo(0.68, 9), expect.closeTo(0.72, 9)],
      n: 2,
      // each seed's value beside the aggregates, so the verdicts' tests can be redone
      seeds: [0, 1],
      values: [expect.closeTo(0.68, 9), expect.closeTo(0.72, 9)],
    });
    expect(fig6.find((r) => r.task === 'local')).toMatchObject({
      tap: 'Mixed_7a',
      category: 'all',
      mean: 0.6,
    });
    const fig7 = toResultPoints('fig7', [aggregate]).filter((r) => r.measure === 'recovery');
    expect(fig7.map((r) => [r.epoch, r.mean, r.task, r.lambda])).toEqual([
      [0, 0.6, 'local', -1],
      [1, 0.8, 'local', -1],
    ]);
    expect(resultPointsCsv(fig6.slice(0, 1))).toBe(
      'figure,trainSplit,tap,task,lambda,category,measure,epoch,mean,lower,upper,n,seeds,values\nfig6,easy,,global,-1,A,accuracy,,0.9,0.89,0.91,2,0;1,0.89;0.91\n',
    );
    // Accuracies stay in [0, 1] even when two seeds far apart widen the interval past them
    const wide = toResultPoints('fig6', [
      { ...aggregate, metrics: { ...aggregate.metrics, accuracyEasy: summary(0.9, 0.3) } },
    ]).find((r) => r.category === 'easy');
    expect(wide!.interval).toEqual([expect.closeTo(0.6, 9), 1]);
    // Fig. 3 shows the main network only, even for a run that carries a stethoscope
    expect(toResultPoints('fig3', [aggregate]).every((r) => r.task === 'global')).toBe(true);
  });

  it("turns Fig. 4's probe metrics into accuracy, control and chance records per end point", () => {
    const aggregate: PointAggregate<TowerPoint> = {
      pointId: 'all+probes',
      point: towerPoint('all', null, settings),
      metrics: {
        ...main(0.8),
        'probe/local/Mixed_6a': summary(0.7, 0.01),
        'control/local/Mixed_6a': summary(0.52, 0.01),
        'chance/local': summary(0.5, 0),
      },
    };
    const records = toResultPoints('fig4', [aggregate]);
    expect(records.map((r) => [r.measure, r.task, r.tap, r.mean])).toEqual([
      ['accuracy', 'local', 'Mixed_6a', 0.7],
      ['control', 'local', 'Mixed_6a', 0.52],
      ['chance', 'local', null, 0.5],
    ]);
  });
});
