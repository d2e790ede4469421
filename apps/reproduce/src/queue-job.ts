/**
 * The tower runs (paper Section 4) on the queue: what the coordinator puts
 * in each job about its dataset (the rendering settings and the SHA-256 of
 * its `manifest.jsonl`), and how a worker on another machine readies a job:
 * it builds the same towers from those settings when its folder lacks them,
 * checks that its manifest hashes the same, and points the run at its own
 * copy.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type QueueRunJob, sha256, stableJson, UnrecoverableError } from '@steth/lab';
import { allTowersDataDir } from './profiles';
import type { TowerFraming, TowerPoint } from './settings';
import { checkExtendedDataset, ensureTowers } from './towers-data';

/** The kind of the tower runs' jobs (what `steth worker` looks up). */
export const TOWER_JOB_KIND = 'reproduce';

/** The dataset a tower job needs, as the coordinator made it. */
export interface TowerDatasetSpec {
  /** Towers in the coordinator's manifest. */
  towers: number;
  /** Image side (px). */
  imageSize: number;
  /** ShapeStacks camera numbers. */
  cameras: number[];
  /** Framing of the rendered towers. */
  framing: TowerFraming;
  /** Generator seed. */
  seed: number;
  /** SHA-256 (hex) of the coordinator's `manifest.jsonl`. */
  manifestSha256: string;
  /**
   * The larger dataset the all-towers run trains on (`settings.trainingDataDir`), made with the
   * same settings and seed; the worker keeps it in `<its folder>-<towers>`. Default: none.
   */
  training?: { towers: number; manifestSha256: string };
}

/** SHA-256 (hex) of a dataset folder's `manifest.jsonl`. */
export function manifestSha256(dir: string): string {
  return sha256(readFileSync(join(dir, 'manifest.jsonl')));
}

/** Configures {@link createTowerJobPreparer}. */
export interface TowerJobPreparerOptions {
  /** Dataset folder to use for every job; default `runs/worker-towers/<hash of the rendering settings>`. */
  dataDir?: string;
}

/**
 * Readies tower jobs on a worker: builds (once per folder, shared by concurrent jobs) or finds the
 * dataset, refuses to train on one whose manifest differs from the coordinator's, and returns the
 * job's point with `settings.dataDir` set to the local folder.
 */
export function createTowerJobPreparer(options: TowerJobPreparerOptions = {}) {
  const ready = new Map<string, Promise<string>>();
  /** Builds or finds `spec`'s towers in `dir` once, shared by concurrent jobs; resolves to `dir`. */
  const readyFolder = (
    dir: string,
    spec: Omit<TowerDatasetSpec, 'training'>,
    log: (line: string) => void,
    extending?: string,
  ): Promise<string> => {
    let pending = ready.get(dir);
    if (!pending) {
      const { manifestSha256: expected, ...rendering } = spec;
      pending = (async () => {
        const data = await ensureTowers({ dir, ...rendering, extending });
        if (data.generated) log(`built ${data.towers} towers in ${dir} in ${data.seconds.toFixed(0)} s`);
        const found = manifestSha256(dir);
        if (found !== expected) {
          throw new UnrecoverableError(
            `The towers in ${dir} do not match the coordinator's: manifest.jsonl has SHA-256 ${found.slice(0, 12)}..., the job expects ${expected.slice(0, 12)}... (${rendering.towers} towers, ${rendering.imageSize} px, cameras ${rendering.cameras.join(',')}, ${rendering.framing}, seed ${rendering.seed}). Point --data at a copy of the coordinator's dataset, or delete ${dir} so the worker builds it again.`,
          );
        }
        return dir;
      })();
      ready.set(dir, pending);
      pending.catch(() => ready.delete(dir));
    }
    return pending;
  };
  return async (job: QueueRunJob, log: (line: string) => void): Promise<TowerPoint> => {
    const spec = job.dataset as TowerDatasetSpec | undefined;
    if (!spec?.manifestSha256) {
      throw new UnrecoverableError(
        `Job ${job.pointId} seed ${job.seed} carries no dataset description; enqueue it with this version of steth reproduce --queue.`,
      );
    }
    const { training, ...main } = spec;
    const { manifestSha256: _, ...rendering } = main;
    const dir = resolve(
      options.dataDir ?? join('runs', 'worker-towers', sha256(stableJson(rendering)).slice(0, 16)),
    );
    const local = await readyFolder(dir, main, log);
    const point = job.point as TowerPoint;
    if (!point.settings.trainingDataDir) return { ...point, settings: { ...point.settings, dataDir: local } };
    if (!training) {
      throw new UnrecoverableError(
        `Job ${job.pointId} seed ${job.seed} trains on a second dataset that the job does not describe; enqueue it with this version of steth reproduce --queue.`,
      );
    }
    const larger = await readyFolder(
      allTowersDataDir(dir, training.towers),
      { ...main, towers: training.towers, manifestSha256: training.manifestSha256 },
      log,
      local,
    );
    checkExtendedDataset(local, larger);
    return { ...point, settings: { ...point.settings, dataDir: local, trainingDataDir: larger } };
  };
}
