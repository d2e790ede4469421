/** The dataset check of the reproduction: a dataset rendered with other image settings is refused, naming them. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkExtendedDataset, ensureTowers, RENDERING_FILE } from './towers-data';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A finished 2-tower dataset as `steth gen towers` leaves it (only the files the check reads). */
function generatedDataset(config: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'steth-towers-data-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'meta'), { recursive: true });
  mkdirSync(join(dir, 'splits', 'all'), { recursive: true });
  writeFileSync(join(dir, 'meta', 'config.json'), JSON.stringify({ version: 2, ...config }));
  writeFileSync(join(dir, 'manifest.jsonl'), '{"index":0}\n{"index":1}\n');
  writeFileSync(join(dir, 'splits', 'all', 'test.txt'), 'env_x\n');
  return dir;
}

const wanted = { towers: 2, imageSize: 112, cameras: [1, 7], framing: 'close-up' as const };

describe('ensureTowers', () => {
  it('uses a generated dataset whose image size, cameras and framing match', async () => {
    const dir = generatedDataset({ imageSize: 112, cameras: [0, 2], renderer: 'renderTowerCloseUp' });
    expect(await ensureTowers({ dir, ...wanted })).toMatchObject({ generated: false, towers: 2 });
  });

  it('refuses a generated dataset of another image size or framing, naming the settings', async () => {
    const dir = generatedDataset({ imageSize: 64, cameras: [0, 2], renderer: 'renderTower' });
    await expect(ensureTowers({ dir, ...wanted })).rejects.toThrow(
      /config\.json: the towers in .* were rendered with other settings than this run needs: imageSize 64 -> 112; framing "shapestacks" -> "close-up"\. Use another --data folder/,
    );
    const noImages = generatedDataset({ imageSize: 112, cameras: [0, 2], renderer: null });
    await expect(ensureTowers({ dir: noImages, ...wanted })).rejects.toThrow(
      /framing not recorded -> "close-up"/,
    );
  });

  it('refuses a mismatched rendering.json with a typed error, and names a corrupt one', async () => {
    const dir = generatedDataset({ imageSize: 112, cameras: [0, 2], renderer: 'renderTowerCloseUp' });
    writeFileSync(
      join(dir, RENDERING_FILE),
      JSON.stringify({ imageSize: 112, cameras: [1], framing: 'close-up' }),
    );
    const failure = await ensureTowers({ dir, ...wanted }).catch((e: Error) => e);
    expect(failure).toMatchObject({ name: 'StethError' });
    expect((failure as Error).message).toMatch(/rendering\.json: .* cameras \[1\] -> \[1,7\]/);
    writeFileSync(join(dir, RENDERING_FILE), '{"imageSize": 11');
    await expect(ensureTowers({ dir, ...wanted })).rejects.toThrow(
      /rendering\.json is corrupt \(.*\); it records how the towers were rendered\. Delete the dataset folder and rerun/,
    );
  });
});

/** A dataset folder holding only its split files. */
function splitsDataset(splits: { train: string[]; eval: string[]; test: string[] }): string {
  const dir = mkdtempSync(join(tmpdir(), 'steth-towers-splits-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'splits', 'all'), { recursive: true });
  for (const [subset, names] of Object.entries(splits)) {
    writeFileSync(join(dir, 'splits', 'all', `${subset}.txt`), `${names.join('\n')}\n`);
  }
  return dir;
}

describe('checkExtendedDataset', () => {
  const plain = { train: ['env_0', 'env_1'], eval: ['env_2'], test: ['env_3'] };

  it('accepts a larger dataset whose training split holds the plain one and none of its evaluated towers', () => {
    const dataset = splitsDataset(plain);
    const larger = splitsDataset({
      train: ['env_0', 'env_1', 'env_4'],
      eval: ['env_2', 'env_5'],
      test: ['env_3'],
    });
    expect(() => checkExtendedDataset(dataset, larger)).not.toThrow();
  });

  it('refuses one that trains on an evaluated tower or leaves out a training tower, naming them', () => {
    const dataset = splitsDataset(plain);
    const leaks = splitsDataset({ train: ['env_0', 'env_1', 'env_3'], eval: ['env_2'], test: [] });
    const failure = (() => {
      try {
        checkExtendedDataset(dataset, leaks);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(failure).toMatchObject({ name: 'StethError' });
    expect(failure?.message).toBe(
      `The towers in ${leaks} do not extend those in ${dataset}: 1 of its eval and test towers are in the larger training split (env_3 (test)). Both must be generated with the same seed and image settings; delete ${leaks} to have it generated again.`,
    );
    const other = splitsDataset({ train: ['env_0', 'env_9'], eval: ['env_2'], test: ['env_3'] });
    expect(() => checkExtendedDataset(dataset, other)).toThrow(/1 of its training towers are not \(env_1\)/);
    expect(() => checkExtendedDataset(dataset, join(other, 'missing'))).toThrow(
      /splits\/all\/train\.txt is missing: .* is not a finished tower dataset/,
    );
  });
});

describe('ensureTowers extending a smaller dataset', () => {
  it('copies the smaller dataset in and generates only the rest, giving what a fresh generation gives', {
    timeout: 120_000,
  }, async () => {
    const tiny = { imageSize: 16, cameras: [1], framing: 'close-up' as const, workers: 0 };
    const base = join(mkdtempSync(join(tmpdir(), 'steth-towers-extend-')), 'towers');
    dirs.push(dirname(base));
    expect(await ensureTowers({ dir: base, towers: 4, ...tiny })).toMatchObject({ towers: 4, resumed: 0 });
    const extended = await ensureTowers({ dir: `${base}-6`, towers: 6, ...tiny, extending: base });
    expect(extended).toMatchObject({ generated: true, towers: 6, resumed: 4 });
    const fresh = await ensureTowers({ dir: `${base}-fresh`, towers: 6, ...tiny });
    expect(fresh).toMatchObject({ towers: 6, resumed: 0 });
    for (const file of [
      'manifest.jsonl',
      'splits/all/train.txt',
      'splits/all/test.txt',
      'splits/easy/eval.txt',
    ]) {
      expect(readFileSync(join(`${base}-6`, file), 'utf8')).toBe(
        readFileSync(join(`${base}-fresh`, file), 'utf8'),
      );
    }
    expect(() => checkExtendedDataset(base, `${base}-6`)).not.toThrow();
    // the smaller dataset is left as it was
    expect(await ensureTowers({ dir: base, towers: 4, ...tiny })).toMatchObject({
      generated: false,
      towers: 4,
    });
    // a smaller dataset rendered otherwise is refused before anything is copied
    await expect(
      ensureTowers({ dir: `${base}-other`, towers: 6, ...tiny, imageSize: 24, extending: base }),
    ).rejects.toThrow(/imageSize 16 -> 24/);
    expect(existsSync(`${base}-other`)).toBe(false);
  });
});
