/**
 * The tower data of the reproduction (paper Section 4): generated with
 * @steth/mujoco-gen (balanced over categories A-D, physics-checked,
 * rendered by its ray caster from ShapeStacks' cameras or close up) into a
 * ShapeStacks-layout folder, unless the folder already holds a finished
 * dataset. A dataset found there must have been rendered at the run's image
 * size, cameras and framing (from its `rendering.json` and the generator's
 * `meta/config.json`); otherwise the run stops and names what differs.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StethError } from '@steth/core';
import {
  type DatasetConfig,
  generateTowers,
  layout,
  readDatasetConfig,
  TowerGenError,
} from '@steth/mujoco-gen';
import { SingleBar } from 'cli-progress';
import type { TowerFraming } from './settings';

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
  /** ShapeStacks' corner cameras, or the same cameras moved in until the tower fills the image; default `shapestacks`. */
  framing?: TowerFraming;
  /** Generator worker threads; default 2. */
  workers?: number;
  /** Progress bar with ETA on stderr; default false. */
  progress?: boolean;
  /**
   * A finished dataset of fewer towers made with the same settings and seed, copied into `dir`
   * first when `dir` holds no towers yet, so that only the rest are generated. The generator makes
   * each tower from the seed and its index alone, so the result is what generating all of them
   * gives. Default: none.
   */
  extending?: string;
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
  /** Of those, towers that were already finished in the folder (or copied from `extending`). */
  resumed: number;
}

/** The renderer's camera indices (0-3) for ShapeStacks camera numbers 1, 4, 7, 10. */
export function cameraIndices(cameras: readonly number[]): number[] {
  return cameras.map((c) => {
    const i = [1, 4, 7, 10].indexOf(c);
    if (i < 0) throw new RangeError(`Camera ${c} is not one of ShapeStacks' RGB cameras 1, 4, 7, 10.`);
    return i;
  });
}

function manifestCount(dir: string): number {
  const file = join(dir, 'manifest.jsonl');
  if (!existsSync(file) || !existsSync(join(dir, 'splits', 'all', 'test.txt'))) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0).length;
}

/** The file recording how this app rendered a dataset, so a rerun with other image settings does not reuse it. */
export const RENDERING_FILE = 'rendering.json';

function renderingOf(options: TowerDataOptions) {
  return {
    imageSize: options.imageSize,
    cameras: [...options.cameras],
    framing: options.framing ?? 'shapestacks',
  };
}

const RENDERER_OF: Record<TowerFraming, string> = {
  shapestacks: 'renderTower',
  'close-up': 'renderTowerCloseUp',
};

/** The run's image settings against a recorded rendering: `name recorded -> wanted` texts. */
function renderingDifferences(recorded: Record<string, unknown>, wanted: Record<string, unknown>): string[] {
  return Object.keys(wanted)
    .filter((key) => JSON.stringify(recorded[key]) !== JSON.stringify(wanted[key]))
    .map(
      (key) =>
        `${key} ${recorded[key] === undefined ? 'not recorded' : JSON.stringify(recorded[key])} -> ${JSON.stringify(wanted[key])}`,
    );
}

/**
 * Throws if the dataset in `dir` was rendered with other image settings
 * than this run needs: from this app's `rendering.json`, and from the
 * generator's `meta/config.json` (datasets made with `steth gen towers`).
 */
async function checkRendering(options: TowerDataOptions): Promise<void> {
  const wanted = renderingOf(options);
  const refuse = (file: string, differences: string[]) =>
    new StethError(
      `${file}: the towers in ${options.dir} were rendered with other settings than this run needs: ${differences.join('; ')}. Use another --data folder, or delete that one.`,
    );
  const file = join(options.dir, RENDERING_FILE);
  const hasRendering = existsSync(file);
  if (hasRendering) {
    let recorded: Record<string, unknown>;
    try {
      recorded = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new StethError(
        `${file} is corrupt (${(cause as Error).message}); it records how the towers were rendered. Delete the dataset folder and rerun.`,
        { cause },
      );
    }
    const differences = renderingDifferences(recorded, wanted);
    if (differences.length > 0) throw refuse(file, differences);
  }
  const configFile = join(options.dir, layout.config);
  let config: Partial<DatasetConfig> | null;
  try {
    config = await readDatasetConfig(configFile);
  } catch (cause) {
    if (cause instanceof TowerGenError) throw new StethError(cause.message, { cause });
    throw cause;
  }
  if (!config) return;
  const generated: Record<string, unknown> = {
    imageSize: config.imageSize,
    cameras: config.cameras?.map((i) => [1, 4, 7, 10][i]),
    framing: Object.entries(RENDERER_OF).find(([, name]) => name === config.renderer)?.[0],
  };
  // The framing of a dataset generated before the renderer was recorded is known only from rendering.json.
  if (hasRendering && config.renderer === undefined) generated.framing = wanted.framing;
  const differences = renderingDifferences(generated, wanted);
  if (differences.length > 0) throw refuse(configFile, differences);
}

/** Generates the towers into `dir` unless a dataset of that size is there (an interrupted run resumes). */
export async function ensureTowers(options: TowerDataOptions): Promise<TowerDataResult> {
  await checkRendering(options);
  const present = manifestCount(options.dir);
  if (present >= options.towers) {
    return { dir: options.dir, generated: false, seconds: 0, towers: present, resumed: present };
  }
  const base = options.extending;
  if (base && !existsSync(options.dir) && manifestCount(base) > 0) {
    await checkRendering({ ...options, dir: base });
    // copied under a temporary name, so a copy cut short is never taken for a dataset
    const partial = `${options.dir}.copying`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(base, partial, { recursive: true });
    renameSync(partial, options.dir);
  }
  // recorded before generating, so an interrupted generation resumes only with the same settings
  mkdirSync(options.dir, { recursive: true });
  writeFileSync(join(options.dir, RENDERING_FILE), `${JSON.stringify(renderingOf(options), null, 2)}\n`);
  const started = performance.now();
  const bar = options.progress
    ? new SingleBar({
        stream: process.stderr,
        format: 'towers {bar} {value}/{total} | elapsed {duration_formatted} | ETA {eta_formatted}',
        etaBuffer: 200,
        noTTYOutput: true,
        notTTYSchedule: 10_000,
      })
    : undefined;
  const result = await generateTowers({
    outDir: options.dir,
    count: options.towers,
    seed: options.seed ?? 0,
    workers: options.workers ?? 2,
    imageSize: options.imageSize,
    cameras: cameraIndices(options.cameras),
    render: {
      exportName: options.framing === 'close-up' ? 'renderTowerCloseUp' : 'renderTower',
    },
    onProgress: bar
      ? ({ done, total }) => {
          if (bar.getTotal() !== total) bar.start(total, done);
          else bar.update(done);
        }
      : undefined,
  }).finally(() => bar?.stop());
  return {
    dir: options.dir,
    generated: true,
    seconds: (performance.now() - started) / 1000,
    towers: result.towers,
    resumed: result.resumed,
  };
}

function splitNames(dir: string, subset: 'train' | 'eval' | 'test'): Set<string> {
  const file = join(dir, 'splits', 'all', `${subset}.txt`);
  if (!existsSync(file)) throw new StethError(`${file} is missing: ${dir} is not a finished tower dataset.`);
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  );
}

/**
 * Throws unless `larger` extends `dataset` (a run trains on `larger`'s training split and is
 * evaluated on `dataset`'s eval and test splits): every tower of `dataset`'s training split is in
 * `larger`'s, and none of its eval or test towers is, so no evaluated tower was trained on.
 */
export function checkExtendedDataset(dataset: string, larger: string): void {
  const train = splitNames(larger, 'train');
  const missing = [...splitNames(dataset, 'train')].filter((name) => !train.has(name));
  const leaked = (['eval', 'test'] as const).flatMap((subset) =>
    [...splitNames(dataset, subset)].filter((name) => train.has(name)).map((name) => `${name} (${subset})`),
  );
  if (missing.length === 0 && leaked.length === 0) return;
  const problems = [
    ...(leaked.length > 0
      ? [
          `${leaked.length} of its eval and test towers are in the larger training split (${leaked.slice(0, 3).join(', ')})`,
        ]
      : []),
    ...(missing.length > 0
      ? [`${missing.length} of its training towers are not (${missing.slice(0, 3).join(', ')})`]
      : []),
  ];
  throw new StethError(
    `The towers in ${larger} do not extend those in ${dataset}: ${problems.join('; ')}. Both must be generated with the same seed and image settings; delete ${larger} to have it generated again.`,
  );
}
