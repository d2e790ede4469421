import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type QueueRunJob, sha256 } from '@steth/lab';
import { afterAll, describe, expect, it } from 'vitest';
import { createTowerJobPreparer, manifestSha256, type TowerDatasetSpec } from './queue-job';
import type { TowerPoint } from './settings';

const root = mkdtempSync(join(tmpdir(), 'steth-tower-job-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A finished dataset as ensureTowers recognises one (so nothing is generated): tower 0 tests, the rest train. */
function dataset(name: string, manifest: string): string {
  const dir = join(root, name);
  const towers = manifest.trim().split('\n').length;
  mkdirSync(join(dir, 'splits', 'all'), { recursive: true });
  writeFileSync(join(dir, 'manifest.jsonl'), manifest);
  writeFileSync(join(dir, 'splits', 'all', 'test.txt'), 'env_0\n');
  writeFileSync(join(dir, 'splits', 'all', 'eval.txt'), '');
  const train = Array.from({ length: towers - 1 }, (_, i) => `env_${i + 1}\n`);
  writeFileSync(join(dir, 'splits', 'all', 'train.txt'), train.join(''));
  return dir;
}

const MANIFEST = '{"scenario":"0"}\n{"scenario":"1"}\n';
const spec: TowerDatasetSpec = {
  towers: 2,
  imageSize: 75,
  cameras: [1],
  framing: 'shapestacks',
  seed: 0,
  manifestSha256: sha256(MANIFEST),
};
const job = (dataset: TowerDatasetSpec | undefined): QueueRunJob => ({
  kind: 'reproduce',
  sweep: 'reproduce-0',
  pointId: 'all+probes',
  point: { trainSplit: 'all', settings: { dataDir: '/coordinator/towers', epochs: 1 } },
  seed: 0,
  dataset,
});
const log = () => {};

describe('tower jobs on a worker', () => {
  it("points the run at the worker's copy when its manifest hashes as the coordinator's", async () => {
    const dir = dataset('same', MANIFEST);
    expect(manifestSha256(dir)).toBe(spec.manifestSha256);
    const point = (await createTowerJobPreparer({ dataDir: dir })(job(spec), log)) as TowerPoint;
    expect(point.settings).toEqual({ dataDir: dir, epochs: 1 });
  });

  it('refuses a dataset whose manifest differs, without retries, naming both hashes', async () => {
    const dir = dataset('other', '{"scenario":"9"}\n{"scenario":"8"}\n');
    const prepare = createTowerJobPreparer({ dataDir: dir });
    const error = await prepare(job(spec), log).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('UnrecoverableError');
    expect((error as Error).message).toBe(
      `The towers in ${dir} do not match the coordinator's: manifest.jsonl has SHA-256 ${manifestSha256(dir).slice(0, 12)}..., the job expects ${spec.manifestSha256.slice(0, 12)}... (2 towers, 75 px, cameras 1, shapestacks, seed 0). Point --data at a copy of the coordinator's dataset, or delete ${dir} so the worker builds it again.`,
    );
  });

  it("readies the larger dataset a run trains on beside the worker's copy, and refuses one that differs", async () => {
    const dir = dataset('extended', MANIFEST);
    const LARGER = `${MANIFEST}{"scenario":"2"}\n{"scenario":"3"}\n`;
    const extendedJob = (training: TowerDatasetSpec['training']): QueueRunJob => ({
      ...job({ ...spec, training }),
      point: {
        trainSplit: 'all',
        settings: { dataDir: '/c/towers', trainingDataDir: '/c/towers-4', epochs: 1 },
      },
    });
    const larger = dataset('extended-4', LARGER);
    const prepare = createTowerJobPreparer({ dataDir: dir });
    const point = (await prepare(
      extendedJob({ towers: 4, manifestSha256: sha256(LARGER) }),
      log,
    )) as TowerPoint;
    expect(point.settings).toEqual({ dataDir: dir, trainingDataDir: larger, epochs: 1 });
    // the coordinator's larger dataset is not this one
    await expect(
      createTowerJobPreparer({ dataDir: dir })(extendedJob({ towers: 4, manifestSha256: sha256('x') }), log),
    ).rejects.toThrow(new RegExp(`The towers in ${larger} do not match the coordinator's`));
    // the job names no larger dataset
    await expect(createTowerJobPreparer({ dataDir: dir })(extendedJob(undefined), log)).rejects.toThrow(
      /trains on a second dataset that the job does not describe/,
    );
  });

  it('refuses a job without a dataset description', async () => {
    await expect(createTowerJobPreparer({ dataDir: root })(job(undefined), log)).rejects.toThrow(
      /carries no dataset description/,
    );
  });
});
