/** The generator end to end on small sets. Worker threads run the built worker (pnpm test builds first). */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTowers } from './generate-towers';
import type { ManifestRecord } from './manifest';
import { parseScenarioName } from './scenario-name';

const TIMEOUT_MS = 120_000;
const dirs: string[] = [];
const fresh = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'steth-towers-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const manifestOf = async (dir: string) =>
  (await readFile(join(dir, 'manifest.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ManifestRecord);

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name).slice(dir.length + 1));
  }
  return out.sort();
}

describe('generateTowers', () => {
  it('writes the same dataset with 1 and 2 worker threads, in the ShapeStacks layout', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const one = await fresh();
    const two = await fresh();
    const a = await generateTowers({ outDir: one, count: 16, seed: 4, workers: 1 });
    const b = await generateTowers({ outDir: two, count: 16, seed: 4, workers: 2 });
    expect(await readFile(join(one, 'manifest.jsonl'), 'utf8')).toBe(
      await readFile(join(two, 'manifest.jsonl'), 'utf8'),
    );
    expect(await listFiles(one)).toEqual(await listFiles(two));
    expect(a.byCategory).toEqual({ A: 4, B: 4, C: 4, D: 4 });
    expect(b.agreement.rate).toBeGreaterThanOrEqual(0.9);
    const records = await manifestOf(one);
    expect(records.map((r) => r.index)).toEqual([...Array(16).keys()]);
    for (const r of records) {
      const name = parseScenarioName(r.scenario);
      expect(name.variant).toBe(r.index);
      expect(name.vcom).toBe(r.origin ?? 0);
      expect(name.height).toBe(r.objects.length);
      expect(r.simulation.agrees).toBe(true);
      expect(await readFile(join(one, r.mjcf), 'utf8')).toMatch(/^<mujoco model="env_/);
    }
    let listed = 0;
    for (const part of ['train', 'eval', 'test']) {
      listed += (await readFile(join(one, 'splits', 'all', `${part}.txt`), 'utf8'))
        .split('\n')
        .filter(Boolean).length;
    }
    expect(listed).toBe(16);
    const hard = (await readFile(join(one, 'splits', 'hard', 'train.txt'), 'utf8'))
      .split('\n')
      .filter(Boolean);
    for (const line of hard) expect(line).toMatch(/^env_(ccs|blocks)-hard-/);
  });

  it('resumes: redoes only missing towers and leaves no temporary files', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const dir = await fresh();
    await generateTowers({ outDir: dir, count: 8, seed: 1, workers: 0 });
    const before = await readFile(join(dir, 'manifest.jsonl'), 'utf8');
    await rm(join(dir, 'meta', 'records', '000005.json'));
    await rm(join(dir, 'manifest.jsonl'));
    const resumed = await generateTowers({ outDir: dir, count: 8, seed: 1, workers: 0 });
    expect(resumed.resumed).toBe(7);
    expect(resumed.generated).toBe(1);
    expect(await readFile(join(dir, 'manifest.jsonl'), 'utf8')).toBe(before);
    expect((await listFiles(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    await expect(generateTowers({ outDir: dir, count: 8, seed: 2, workers: 0 })).rejects.toThrow(
      /made with other settings/,
    );
  });

  it('passes each tower to the render hook, writes its images, and calls the contact-sheet hook', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const dir = await fresh();
    const seen: number[][] = [];
    let sheet: Record<string, ManifestRecord[]> | undefined;
    await generateTowers({
      outDir: dir,
      count: 4,
      workers: 0,
      simulate: false,
      cameras: [1, 3],
      imageSize: 32,
      render: (tower, request) => {
        seen.push([tower.index, request.imageSize]);
        return request.cameras.map((camera) => ({ camera, png: new Uint8Array([camera, tower.index]) }));
      },
      contactSheetPerCategory: 1,
      contactSheet: async (input) => {
        sheet = input.examples;
        await writeFile(input.path, 'sheet');
      },
    });
    expect(seen).toEqual([
      [0, 32],
      [1, 32],
      [2, 32],
      [3, 32],
    ]);
    const records = await manifestOf(dir);
    for (const r of records) {
      expect(r.images).toHaveLength(2);
      expect(r.images[0]).toMatch(/^recordings\/env_.*\/rgb-w=\d-f=\d-l=\d-c=unique-cam_4-mono-0\.png$/);
      expect([...(await readFile(join(dir, r.images[1] as string)))]).toEqual([3, r.index]);
    }
    expect(Object.values(sheet ?? {}).map((list) => list.length)).toEqual([1, 1, 1, 1]);
    expect(await readFile(join(dir, 'contact-sheet.png'), 'utf8')).toBe('sheet');
  });

  it('rejects bad options before doing any work', async () => {
    const dir = await fresh();
    await expect(generateTowers({ outDir: dir, count: -1 })).rejects.toThrow(
      /count must be a positive integer, got -1/,
    );
    await expect(generateTowers({ outDir: dir, count: 0 })).rejects.toThrow(
      /count must be a positive integer, got 0/,
    );
    await expect(generateTowers({ outDir: dir, cameras: [0, 0] })).rejects.toThrow(
      /cameras lists a camera twice \(0, 0\)/,
    );
    await expect(generateTowers({ outDir: dir, categories: ['X' as 'A'] })).rejects.toThrow(
      /Unknown tower category "X"/,
    );
    await expect(generateTowers({ outDir: dir, categories: ['B'], heights: [2] })).rejects.toThrow(
      /Category B needs a height of at least 3/,
    );
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(generateTowers({ outDir: join(file, 'sub') })).rejects.toThrow(
      /Cannot write to the output folder/,
    );
    expect(await readdir(dir)).toEqual(['a-file']);
  });
});

describe('generateTowers resume', () => {
  const renderTower = (_t: unknown, request: { cameras: number[] }) =>
    request.cameras.map((camera) => ({ camera, png: new Uint8Array([camera]) }));
  const renderTowerCloseUp = (_t: unknown, request: { cameras: number[] }) =>
    request.cameras.map((camera) => ({ camera, png: new Uint8Array([camera, 1]) }));
  const base = { count: 4, workers: 0, simulate: false, imageSize: 16, cameras: [0] };

  it('records every output-changing setting and refuses a resume with other ones, naming them', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const dir = await fresh();
    await generateTowers({ ...base, outDir: dir, render: renderTower });
    const config = JSON.parse(await readFile(join(dir, 'meta', 'config.json'), 'utf8'));
    expect(config).toMatchObject({ renderer: 'renderTower', imageSize: 16, cameras: [0], count: 4, seed: 0 });
    await expect(generateTowers({ ...base, outDir: dir, render: renderTowerCloseUp })).rejects.toThrow(
      /other settings .*: renderer "renderTower" -> "renderTowerCloseUp"\. Resume with its settings/,
    );
    await expect(
      generateTowers({ ...base, outDir: dir, render: renderTower, imageSize: 32, cameras: [0, 1] }),
    ).rejects.toThrow(/imageSize 16 -> 32; cameras \[0\] -> \[0,1\]/);
    await expect(generateTowers({ ...base, outDir: dir, render: renderTower, count: 2 })).rejects.toThrow(
      /count 4 -> 2 \(a smaller count would drop towers\)/,
    );
    expect((await manifestOf(dir)).length).toBe(4);
    // A larger count extends the dataset.
    const grown = await generateTowers({ ...base, outDir: dir, render: renderTower, count: 6 });
    expect([grown.resumed, grown.generated, grown.towers]).toEqual([4, 2, 6]);
  });

  it('removes the temporary files a killed run left, on resume', { timeout: TIMEOUT_MS }, async () => {
    const dir = await fresh();
    await generateTowers({ ...base, outDir: dir });
    const stale = join(dir, 'meta', 'records', '000001.json.tmp-99999-3');
    await writeFile(stale, '{"rec');
    await writeFile(join(dir, 'mjcf', 'x.xml.tmp-99999-4'), '<mu');
    await generateTowers({ ...base, outDir: dir });
    expect((await listFiles(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('names a corrupt config.json or tower record and says what to do', { timeout: TIMEOUT_MS }, async () => {
    const dir = await fresh();
    await generateTowers({ ...base, outDir: dir });
    await writeFile(join(dir, 'meta', 'records', '000002.json'), '{"record": {"ind');
    await expect(generateTowers({ ...base, outDir: dir })).rejects.toThrow(
      /meta\/records\/000002\.json is corrupt \(.*\)\. Delete it and rerun the same command/,
    );
    await writeFile(join(dir, 'meta', 'config.json'), '{"version": 2, "seed');
    await expect(generateTowers({ ...base, outDir: dir })).rejects.toThrow(
      /meta\/config\.json is corrupt \(.*\): it records the dataset's settings.*Delete the dataset folder and rerun/,
    );
  });
});

describe('workerExecArgv', () => {
  it('drops only the source export condition from the parent flags', async () => {
    const { workerExecArgv } = await import('./generate-towers');
    expect(
      workerExecArgv([
        '--conditions',
        '@steth/source',
        '--conditions',
        'node',
        '-C=@steth/source',
        '--require',
        'x.cjs',
      ]),
    ).toEqual(['--conditions', 'node', '--require', 'x.cjs']);
  });
});
