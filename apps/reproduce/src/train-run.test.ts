/**
 * One tower run on a tiny written dataset: batch norm's statistics are recalibrated on the
 * training towers after training when the settings ask for it, and training itself is the same.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@steth/core';
import * as datasets from '@steth/datasets';
import { encodePng } from '@steth/mujoco-gen/render';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getProfile } from './profiles';
import type { RunSettings, TowerPoint } from './settings';
import { runTowerTrial } from './train-run';

vi.mock('@steth/datasets', async (importOriginal) => {
  const original = await importOriginal<typeof import('@steth/datasets')>();
  return { ...original, readShapeStacks: vi.fn(original.readShapeStacks) };
});
vi.mock('@steth/core', async (importOriginal) => {
  const original = await importOriginal<typeof import('@steth/core')>();
  return { ...original, recalibrateBatchNorm: vi.fn(original.recalibrateBatchNorm) };
});

const SIZE = 16;
const CATEGORY_NAMES = { A: 'easy', B: 'hard', C: 'hard', D: 'easy' } as const;
let root: string;

/**
 * 32 towers (8 per category) of random pixels, one camera: 20 train, 4 eval, 8 test; `extraTrain`
 * more towers after them, all in the training split (the same 32 first: a larger dataset that
 * extends the plain one, as the generator makes them).
 */
function writeDataset(extraTrain = 0): string {
  const dir = mkdtempSync(join(tmpdir(), 'steth-train-run-'));
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state >>> 24;
  };
  const manifest: string[] = [];
  const scenarios: string[] = [];
  for (let i = 0; i < 32 + extraTrain; i++) {
    const category = (['A', 'B', 'C', 'D'] as const)[i % 4]!;
    // A: stable; B: unstable, its interfaces stable; C: stable, an interface unstable; D: unstable
    const globallyStable = category === 'A' || category === 'C';
    const scenario = `ccs-${CATEGORY_NAMES[category]}-h=3-vcom=${globallyStable ? 0 : 1}-vpsf=0-v=${i}`;
    const image = join('recordings', `env_${scenario}`, 'rgb-w=0-f=0-l=0-c=unique-cam_1-mono-0.png');
    mkdirSync(join(dir, 'recordings', `env_${scenario}`), { recursive: true });
    const data = new Uint8ClampedArray(SIZE * SIZE * 4).map((_, k) => (k % 4 === 3 ? 255 : next()));
    writeFileSync(join(dir, image), encodePng({ width: SIZE, height: SIZE, data }));
    manifest.push(
      JSON.stringify({
        scenario,
        category,
        globallyStable,
        locallyStable: category === 'A' || category === 'B',
        origin: globallyStable ? null : 1,
        images: [image],
      }),
    );
    scenarios.push(`env_${scenario}`);
  }
  writeFileSync(join(dir, 'manifest.jsonl'), `${manifest.join('\n')}\n`);
  mkdirSync(join(dir, 'splits', 'all'), { recursive: true });
  writeFileSync(
    join(dir, 'splits', 'all', 'train.txt'),
    [...scenarios.slice(0, 20), ...scenarios.slice(32)].join('\n'),
  );
  writeFileSync(join(dir, 'splits', 'all', 'eval.txt'), scenarios.slice(20, 24).join('\n'));
  writeFileSync(join(dir, 'splits', 'all', 'test.txt'), scenarios.slice(24, 32).join('\n'));
  return dir;
}

const point = (settings: Partial<RunSettings>): TowerPoint => ({
  trainSplit: 'all',
  stethoscope: null,
  probes: false,
  recovery: false,
  settings: {
    ...getProfile('cpu').settings,
    dataDir: root,
    modelConfig: { widths: [2, 2, 4, 4] },
    imageSize: SIZE,
    cameras: [1],
    epochs: 1,
    batchSize: 4,
    flipProbability: 0,
    ...settings,
  },
});

let larger: string;
beforeAll(() => {
  root = writeDataset();
  larger = writeDataset(8);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(larger, { recursive: true, force: true });
});

describe('runTowerTrial with a larger training dataset', () => {
  it("trains on the larger dataset's training split and is evaluated on its own dataset's test split", async () => {
    const read = vi.mocked(datasets.readShapeStacks);
    read.mockClear();
    const extended = await runTowerTrial(point({ trainingDataDir: larger }), 0);
    // the plain training split is read only for probes, which this run has not
    expect(read.mock.calls.map(([o]) => [o.root, o.subset])).toEqual([
      [larger, 'train'],
      [root, 'test'],
    ]);
    // the same 28 training towers and the same 8 test towers as a run on the larger dataset alone
    const alone = await runTowerTrial(point({ dataDir: larger }), 0);
    const { seconds: _a, ...extendedMetrics } = extended;
    const { seconds: _b, ...aloneMetrics } = alone;
    expect(extendedMetrics).toEqual(aloneMetrics);
    // with probes, they train on the plain dataset's training split
    read.mockClear();
    const probes = { taps: ['PreLogits'], epochs: 1, nonZeros: 4, hidden: 4, learningRate: 1e-3 };
    await runTowerTrial({ ...point({ trainingDataDir: larger, probes }), probes: true }, 0);
    expect(read.mock.calls.map(([o]) => [o.root, o.subset])).toEqual([
      [larger, 'train'],
      [root, 'test'],
      [root, 'train'],
    ]);
  });
});

describe('runTowerTrial with batch-norm recalibration', () => {
  it('recalibrates on the given number of training batches after training, which changes only the evaluation', async () => {
    const recalibrate = vi.mocked(core.recalibrateBatchNorm);
    recalibrate.mockClear();
    const plain = await runTowerTrial(point({ recalibrateBatchNorm: 0 }), 0);
    expect(recalibrate).not.toHaveBeenCalled();
    const recalibrated = await runTowerTrial(point({ recalibrateBatchNorm: 3 }), 0);
    expect(recalibrate).toHaveBeenCalledTimes(1);
    expect(recalibrate.mock.calls[0]![2]).toEqual({ maxBatches: 3 });
    await expect(recalibrate.mock.results[0]!.value).resolves.toMatchObject({ batches: 3 });
    // training is the same; after one epoch at momentum 0.99 the moving averages are near their
    // initial values, so the recalibrated network predicts differently
    expect(recalibrated.trainAccuracy).toBe(plain.trainAccuracy);
    expect(recalibrated.accuracyMean).not.toBe(plain.accuracyMean);
  });

  it('refuses to recalibrate a network without batch norm, saying so', async () => {
    await expect(runTowerTrial(point({ batchNorm: false, recalibrateBatchNorm: 2 }), 0)).rejects.toThrow(
      /has no BatchNormalization layer to recalibrate/,
    );
  });
});
