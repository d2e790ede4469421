/**
 * The tower data of the reproduction (paper Section 4): generated with
 * @steth/mujoco-gen (balanced over categories A-D, physics-checked,
 * rendered by its ray caster) into a ShapeStacks-layout folder, unless the
 * folder already holds a finished dataset.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { generateTowers } from '@steth/mujoco-gen';

/** Configures {@link ensureTowers}. */
export interface TowerDataOptions {
  /** Dataset folder. Required. */
  dir: string;
  /** Towers, balanced over A-D. Required. */
  towers: number;
  /** Image side (px). Required. */
  imageSize: number;
  /** ShapeStacks camera numbers (1, 4, 7, 10) to render. Required. */
  cameras: number[];
  /** Dataset seed; default 0. */
  seed?: number;
  /** Generator worker threads; default 2. */
  workers?: number;
  /** Progress callback (towers done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link ensureTowers} found or made. */
export interface TowerDataResult {
  dir: string;
  /** Whether the data was generated now (false: it was there). */
  generated: boolean;
  /** Generation wall time (s); 0 when it was there. */
  seconds: number;
  /** Towers in the manifest. */
  towers: number;
}

/** The renderer's camera indices (0-3) for ShapeStacks camera numbers 1, 4, 7, 10. */
export function cameraIndices(cameras: readonly number[]): number[] {
  return cameras.map((c) => {
    const i = [1, 4, 7, 10].indexOf(c);
    if (i < 0) throw new RangeError(`Camera ${c} is not one of ShapeStacks' RGB cameras 1, 4, 7, 10.`);
    return i;
  });
}

/**
 * The built module of @steth/mujoco-gen that the generator's worker threads
 * import for the renderer (always `dist/`: worker threads cannot load the
 * TypeScript sources that the `@steth/source` condition points at in tests).
 */
export function rendererModuleUrl(): URL {
  const packageJson = createRequire(import.meta.url).resolve('@steth/mujoco-gen/package.json');
  return pathToFileURL(join(dirname(packageJson), 'dist', 'index.js'));
}

function manifestCount(dir: string): number {
  const file = join(dir, 'manifest.jsonl');
  if (!existsSync(file) || !existsSync(join(dir, 'splits', 'all', 'test.txt'))) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0).length;
}

/** Generates the towers into `dir` unless a dataset of that size is there (an interrupted run resumes). */
export async function ensureTowers(options: TowerDataOptions): Promise<TowerDataResult> {
  const present = manifestCount(options.dir);
  if (present >= options.towers) return { dir: options.dir, generated: false, seconds: 0, towers: present };
  const started = performance.now();
  const result = await generateTowers({
    outDir: options.dir,
    count: options.towers,
    seed: options.seed ?? 0,
    workers: options.workers ?? 2,
    imageSize: options.imageSize,
    cameras: cameraIndices(options.cameras),
    render: { module: rendererModuleUrl(), exportName: 'renderTower' },
    onProgress: options.onProgress ? (p) => options.onProgress!(p.done, p.total) : undefined,
  });
  return {
    dir: options.dir,
    generated: true,
    seconds: (performance.now() - started) / 1000,
    towers: result.towers,
  };
}
