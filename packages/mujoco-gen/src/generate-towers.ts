/**
 * The dataset generator (paper Section 4's data): towers balanced over the
 * requested categories and heights, sampled and physics-checked on worker
 * threads, written in ShapeStacks' layout with a manifest, splits and
 * blacklists. The same seed gives the same dataset whatever the number of
 * workers: each tower depends only on (seed, index, round). A run resumes
 * where an interrupted one stopped: a tower is finished when its record
 * (`meta/records/<index>.json`, written last and atomically) exists. The
 * settings that shape the output are recorded in `meta/config.json`; a run
 * with other settings refuses to resume the folder and names them.
 * Temporary files a killed run left behind are removed on resume.
 */

import { access, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isTemporaryFile, writeFileAtomic as writeFileAtomicIn } from '@steth/atomic-file';
import type Tinypool from 'tinypool';
import {
  DATASET_CONFIG_VERSION,
  type DatasetConfig,
  datasetConfigDifferences,
  readDatasetConfig,
} from './dataset-config';
import { layout } from './dataset-layout';
import { InvalidTowerOptionError, TowerGenError } from './errors';
import type { ManifestRecord, RejectedTower } from './manifest';
import { loadMujoco } from './mujoco-loader';
import { TOWER_CATEGORIES, type TowerCategory } from './stability-labels';
import { runTowerTask, type TowerJobResult, type TowerRenderer, type TowerTask } from './tower-job';
import { MIN_HEIGHT, type TowerSamplerConfig } from './tower-sampler';
import type { SimulationConfig } from './tower-simulation';
import type { WorkerTask } from './tower-worker';

/** Writes a dataset file atomically, creating its folder: the generator makes folders as it goes. */
const writeFileAtomic = (path: string, data: string | Uint8Array) =>
  writeFileAtomicIn(path, data, { mkdir: true });

/**
 * A renderer that worker threads can load: a module and the name of its
 * {@link TowerRenderer} export. `{}` is the built-in ray caster with the
 * ShapeStacks cameras; `{ exportName: 'renderTowerCloseUp' }` the same
 * cameras moved in until the tower fills the frame.
 */
export interface TowerRenderModule {
  /** Module path or URL. Default: this package's own renderer (`@steth/mujoco-gen/render`). */
  module?: string | URL;
  /** Export name. Default 'renderTower'. */
  exportName?: string;
}

/** Called once at the end with example towers per category, to draw the contact sheet (needs the renderer). */
export type ContactSheetHook = (input: {
  /** Dataset folder. */
  outDir: string;
  /** Where to write the sheet (`contact-sheet.png` in the dataset folder). */
  path: string;
  /** Up to `contactSheetPerCategory` towers of each category, in index order. */
  examples: Record<TowerCategory, ManifestRecord[]>;
}) => Promise<void>;

/** Progress of a run. */
export interface TowerProgress {
  /** Towers finished, including those found finished from an earlier run. */
  done: number;
  total: number;
  /** Towers found finished from an earlier run. */
  resumed: number;
}

/** Options of {@link generateTowers}. */
export interface GenerateTowersOptions {
  /** Dataset folder (created if missing). Required. */
  outDir: string;
  /** Number of towers. Default 4000 (the paper's). */
  count?: number;
  /** Categories to balance over. Default ['A', 'B', 'C', 'D']. */
  categories?: TowerCategory[];
  /** Heights to balance over, 2 to 6; B and C use only those >= 3. Default [2, 3, 4, 5, 6]. */
  heights?: number[];
  /** Dataset seed, a non-negative integer. Default 0. */
  seed?: number;
  /** Worker threads; 0 runs in this thread. Default: the number of cores. */
  workers?: number;
  /** Image width and height (px) passed to the renderer. Default 224. */
  imageSize?: number;
  /** Cameras (0-3: the renderer's four ShapeStacks corner cameras) passed to the renderer. Default [0, 1, 2, 3]. */
  cameras?: number[];
  /** Check every tower in MuJoCo. Default true. */
  simulate?: boolean;
  /** Sampler settings (margins). Default: the sampler's. */
  sampler?: TowerSamplerConfig;
  /** Physics settings. Default: the simulator's. */
  simulation?: SimulationConfig;
  /** Most towers dropped (physics disagreed) for one index before failing. Default 20. */
  maxRounds?: number;
  /**
   * The renderer: a function (runs in this thread) or a module the workers
   * load (`{}` for the built-in one). Default: none (no images).
   */
  render?: TowerRenderer | TowerRenderModule;
  /** Draws the contact sheet at the end. Default: none. */
  contactSheet?: ContactSheetHook;
  /** Towers per category on the contact sheet. Default 6. */
  contactSheetPerCategory?: number;
  /** Called after every finished tower. */
  onProgress?: (progress: TowerProgress) => void;
  /** The worker script. Default: the package's built `tower-worker.js`. */
  workerScript?: string | URL;
}

/** What a run produced. */
export interface GenerateTowersResult {
  outDir: string;
  towers: number;
  /** Towers made by this run. */
  generated: number;
  /** Towers found finished from an earlier run. */
  resumed: number;
  byCategory: Record<string, number>;
  byHeight: Record<string, number>;
  /** Geometric vs simulated global stability over every simulated tower, dropped ones included. */
  agreement: { simulated: number; agreed: number; rate: number };
  /** Towers dropped because physics disagreed (listed in meta/blacklist_*.txt). */
  blacklisted: number;
  seconds: number;
}

/** The plan of a dataset: category and height of each index, balanced. */
export function planTower(
  index: number,
  categories: readonly TowerCategory[],
  heights: readonly number[],
): { category: TowerCategory; height: number } {
  const category = categories[index % categories.length] as TowerCategory;
  const feasible = heights.filter((h) => h >= MIN_HEIGHT[category]);
  const height = feasible[Math.floor(index / categories.length) % feasible.length] as number;
  return { category, height };
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

interface Resolved {
  outDir: string;
  count: number;
  categories: TowerCategory[];
  heights: number[];
  seed: number;
  workers: number;
  imageSize: number;
  cameras: number[];
  simulate: boolean;
  sampler: TowerSamplerConfig;
  simulation: SimulationConfig;
  maxRounds: number;
}

/** Checks the options; throws {@link InvalidTowerOptionError} saying what is wrong before any work starts. */
export function resolveGenerateOptions(options: GenerateTowersOptions): Resolved {
  const o = {
    count: 4000,
    categories: [...TOWER_CATEGORIES],
    heights: [2, 3, 4, 5, 6],
    seed: 0,
    workers: availableParallelism(),
    imageSize: 224,
    cameras: [0, 1, 2, 3],
    simulate: true,
    sampler: {},
    simulation: {},
    maxRounds: 20,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as Resolved & GenerateTowersOptions;
  const bad = (message: string) => new InvalidTowerOptionError(message);
  if (typeof o.outDir !== 'string' || o.outDir === '')
    throw bad('outDir is required: the folder to write the dataset to.');
  if (!isInt(o.count) || o.count < 1) throw bad(`count must be a positive integer, got ${o.count}.`);
  if (!Array.isArray(o.categories) || o.categories.length === 0)
    throw bad('categories must list at least one of A, B, C, D.');
  for (const c of o.categories) {
    if (!TOWER_CATEGORIES.includes(c))
      throw bad(`Unknown tower category "${c}": expected one of A, B, C, D.`);
  }
  if (!Array.isArray(o.heights) || o.heights.length === 0)
    throw bad('heights must list at least one height from 2 to 6.');
  for (const h of o.heights)
    if (!isInt(h) || h < 2 || h > 6) throw bad(`Tower heights must be integers from 2 to 6, got ${h}.`);
  for (const c of o.categories) {
    if (!o.heights.some((h) => h >= MIN_HEIGHT[c])) {
      throw bad(
        `Category ${c} needs a height of at least ${MIN_HEIGHT[c]}, but heights are ${o.heights.join(', ')}; add a larger height.`,
      );
    }
  }
  if (!isInt(o.seed) || o.seed < 0) throw bad(`seed must be a non-negative integer, got ${o.seed}.`);
  if (!isInt(o.workers) || o.workers < 0)
    throw bad(`workers must be a non-negative integer (0 = this thread), got ${o.workers}.`);
  if (!isInt(o.imageSize) || o.imageSize < 16 || o.imageSize > 4096)
    throw bad(`imageSize must be an integer from 16 to 4096, got ${o.imageSize}.`);
  if (!Array.isArray(o.cameras) || o.cameras.length === 0)
    throw bad('cameras must list at least one camera (0-3).');
  for (const c of o.cameras)
    if (!isInt(c) || c < 0 || c > 3) throw bad(`Cameras are numbered 0 to 3, got ${c}.`);
  if (new Set(o.cameras).size !== o.cameras.length)
    throw bad(`cameras lists a camera twice (${o.cameras.join(', ')}); list each camera once.`);
  if (!isInt(o.maxRounds) || o.maxRounds < 1)
    throw bad(`maxRounds must be a positive integer, got ${o.maxRounds}.`);
  return {
    outDir: o.outDir,
    count: o.count,
    categories: [...new Set(o.categories)],
    heights: [...new Set(o.heights)].sort((a, b) => a - b),
    seed: o.seed,
    workers: o.workers,
    imageSize: o.imageSize,
    cameras: [...new Set(o.cameras)],
    simulate: o.simulate,
    sampler: o.sampler,
    simulation: o.simulation,
    maxRounds: o.maxRounds,
  };
}

/**
 * Creates a folder and its missing parents one by one. (Node 20's recursive
 * mkdir never returns for some unwritable paths, e.g. under /proc.)
 */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw new Error(`${current} is not a folder`);
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse())
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
}

/** Creates the folder and proves it writable; throws a clear error otherwise. */
export async function ensureWritableFolder(dir: string): Promise<void> {
  try {
    await makeFolders(dir);
    const probe = join(dir, `.steth-write-probe-${process.pid}`);
    await writeFileAtomic(probe, 'ok');
    await rm(probe, { force: true });
  } catch (cause) {
    throw new InvalidTowerOptionError(
      `Cannot write to the output folder "${dir}": ${(cause as Error).message}. Choose a folder you can write to.`,
      { cause },
    );
  }
}

/** The settings that shape the output: what `meta/config.json` records. */
function datasetConfigOf(r: Resolved, render: GenerateTowersOptions['render']): DatasetConfig {
  return {
    version: DATASET_CONFIG_VERSION,
    categories: r.categories,
    heights: r.heights,
    seed: r.seed,
    imageSize: r.imageSize,
    cameras: r.cameras,
    simulate: r.simulate,
    sampler: r.sampler,
    simulation: r.simulation,
    rendered: Boolean(render),
    renderer: !render
      ? null
      : typeof render === 'function'
        ? render.name || 'anonymous'
        : (render.exportName ?? 'renderTower'),
    count: r.count,
  };
}

/** Removes the `*.tmp-*` files an interrupted run left (never renamed into place). */
async function removeTemporaryFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const stale = entries.filter((f) => isTemporaryFile(f));
  for (const f of stale) await rm(join(dir, f), { force: true });
  return stale.length;
}

/** Reads one finished tower's record; a corrupt one is an error naming it. */
async function readTowerRecord(path: string): Promise<{ record: ManifestRecord; rejected: RejectedTower[] }> {
  const text = await readFile(path, 'utf8');
  try {
    const saved = JSON.parse(text) as { record: ManifestRecord; rejected: RejectedTower[] };
    if (!saved?.record || !Array.isArray(saved.rejected)) throw new Error('no record or rejected list');
    return saved;
  } catch (cause) {
    throw new TowerGenError(
      `${path} is corrupt (${(cause as Error).message}). Delete it and rerun the same command: that tower is made again.`,
      { cause },
    );
  }
}

/** The built-in renderer module (the `./render` entry), which worker threads import by URL. */
function builtInRenderModule(): URL {
  const here = import.meta.url;
  // On sources (tests), use the built module: Node cannot import .ts in a worker.
  return new URL(here.endsWith('.ts') ? '../dist/render/index.js' : './render/index.js', here);
}

function moduleSpecifier(renderModule: TowerRenderModule): string {
  const module = renderModule.module ?? builtInRenderModule();
  return module instanceof URL ? module.href : module;
}

function defaultWorkerScript(): URL {
  const here = import.meta.url;
  // On sources (tests), use the built worker: Node cannot run a .ts worker.
  return new URL(here.endsWith('.ts') ? '../dist/tower-worker.js' : './tower-worker.js', here);
}

const POOL_SPECIFIER = 'tinypool';
const SOURCE_CONDITION = '@steth/source';

/**
 * The parent's Node flags minus the `@steth/source` export condition: it
 * points packages at TypeScript sources (tests run that way), which a plain
 * worker thread running the built worker cannot load.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if ((arg === '--conditions' || arg === '-C') && execArgv[i + 1] === SOURCE_CONDITION) {
      i++;
      continue;
    }
    if (arg === `--conditions=${SOURCE_CONDITION}` || arg === `-C=${SOURCE_CONDITION}`) continue;
    out.push(arg);
  }
  return out;
}

/** Generates (or resumes) a tower dataset. */
export async function generateTowers(options: GenerateTowersOptions): Promise<GenerateTowersResult> {
  const start = performance.now();
  const r = resolveGenerateOptions(options);
  await ensureWritableFolder(r.outDir);
  const renderFn = typeof options.render === 'function' ? options.render : undefined;
  const renderModule = options.render && typeof options.render !== 'function' ? options.render : undefined;
  const configPath = join(r.outDir, layout.config);
  const config = datasetConfigOf(r, options.render);
  const previous = await readDatasetConfig(configPath);
  if (previous !== null) {
    const differences = datasetConfigDifferences(previous, config);
    if (differences.length > 0) {
      throw new InvalidTowerOptionError(
        `${r.outDir} holds a dataset made with other settings (${configPath}): ${differences.join('; ')}. Resume with its settings, or use a new folder.`,
      );
    }
    await removeTemporaryFiles(r.outDir);
  }
  await writeFileAtomic(configPath, JSON.stringify(config, null, 2));

  const recordsDir = join(r.outDir, 'meta', 'records');
  const finished = new Set(
    (await readdir(recordsDir).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.json'))
      .map((f) => Number.parseInt(f, 10)),
  );
  const pending: number[] = [];
  for (let i = 0; i < r.count; i++) if (!finished.has(i)) pending.push(i);
  const resumed = r.count - pending.length;
  let done = resumed;
  options.onProgress?.({ done, total: r.count, resumed });

  const taskOf = (index: number): TowerTask => ({
    seed: r.seed,
    index,
    ...planTower(index, r.categories, r.heights),
    sampler: r.sampler,
    simulation: r.simulation,
    simulate: r.simulate,
    maxRounds: r.maxRounds,
    request: { imageSize: r.imageSize, cameras: r.cameras },
  });

  const save = async (result: TowerJobResult) => {
    let { images, record } = result;
    if (!images && renderFn) {
      images = await renderFn(result.tower, { imageSize: r.imageSize, cameras: r.cameras });
      record = {
        ...record,
        images: images.map((image) => layout.image(record.scenario, record.scene, image.camera)),
      };
    }
    await writeFileAtomic(join(r.outDir, record.mjcf), result.mjcf);
    for (const [k, image] of (images ?? []).entries())
      await writeFileAtomic(join(r.outDir, record.images[k] as string), image.png);
    await writeFileAtomic(
      join(r.outDir, layout.record(record.index)),
      JSON.stringify({ record, rejected: result.rejected }),
    );
    done++;
    options.onProgress?.({ done, total: r.count, resumed });
  };

  if (r.workers === 0) {
    const mujoco = r.simulate ? await loadMujoco() : null;
    let moduleRenderer: TowerRenderer | undefined;
    if (renderModule) {
      const mod = await import(/* @vite-ignore */ moduleSpecifier(renderModule));
      moduleRenderer = mod[renderModule.exportName ?? 'renderTower'];
    }
    for (const index of pending) await save(await runTowerTask(taskOf(index), mujoco, moduleRenderer));
  } else if (pending.length > 0) {
    const { default: Pool } = (await import(/* @vite-ignore */ POOL_SPECIFIER)) as {
      default: typeof Tinypool;
    };
    const filename = String(options.workerScript ?? defaultWorkerScript());
    await access(new URL(filename.startsWith('file:') ? filename : pathToFileURL(filename).href)).catch(
      (cause) => {
        throw new TowerGenError(
          `The worker script ${filename} is missing; build the package first (pnpm build).`,
          { cause },
        );
      },
    );
    const pool = new Pool({
      filename,
      minThreads: r.workers,
      maxThreads: r.workers,
      idleTimeout: 1000,
      execArgv: workerExecArgv(),
    });
    try {
      const moduleSpec = renderModule ? moduleSpecifier(renderModule) : null;
      await Promise.all(
        pending.map(async (index) => {
          const task: WorkerTask = {
            ...taskOf(index),
            renderModule: moduleSpec,
            renderExport: renderModule?.exportName ?? 'renderTower',
          };
          await save((await pool.run(task)) as TowerJobResult);
        }),
      );
    } finally {
      await pool.destroy();
    }
  }

  // Assemble the manifest, splits and blacklists from the records.
  const records: ManifestRecord[] = [];
  const rejected: RejectedTower[] = [];
  for (let i = 0; i < r.count; i++) {
    const saved = await readTowerRecord(join(r.outDir, layout.record(i)));
    records.push(saved.record);
    rejected.push(...saved.rejected);
  }
  await writeFileAtomic(
    join(r.outDir, layout.manifest),
    records.map((rec) => `${JSON.stringify(rec)}\n`).join(''),
  );
  const splits: Record<string, (rec: ManifestRecord) => boolean> = {
    all: () => true,
    easy: (rec) => rec.difficulty === 'easy',
    hard: (rec) => rec.difficulty === 'hard',
  };
  for (const [split, keep] of Object.entries(splits)) {
    for (const part of ['train', 'eval', 'test'] as const) {
      const lines = records
        .filter((rec) => keep(rec) && rec.split === part)
        .map((rec) => `env_${rec.scenario}\n`);
      await writeFileAtomic(join(r.outDir, layout.split(split, part)), lines.join(''));
    }
  }
  for (const label of ['stable', 'unstable'] as const) {
    const lines = rejected
      .filter((t) => t.globallyStable === (label === 'stable'))
      .map((t) => `env_${t.scenario}-round=${t.round}\n`);
    await writeFileAtomic(join(r.outDir, layout.blacklist(label)), lines.join(''));
  }
  await writeFileAtomic(
    join(r.outDir, layout.blacklistDetails),
    rejected.map((t) => `${JSON.stringify(t)}\n`).join(''),
  );

  if (options.contactSheet) {
    const per = options.contactSheetPerCategory ?? 6;
    const examples = Object.fromEntries(
      TOWER_CATEGORIES.map((c) => [c, records.filter((rec) => rec.category === c).slice(0, per)]),
    ) as Record<TowerCategory, ManifestRecord[]>;
    await options.contactSheet({ outDir: r.outDir, path: join(r.outDir, layout.contactSheet), examples });
  }

  const count = (key: (rec: ManifestRecord) => string) => {
    const out: Record<string, number> = {};
    for (const rec of records) out[key(rec)] = (out[key(rec)] ?? 0) + 1;
    return out;
  };
  const simulated = r.simulate ? records.length + rejected.length : 0;
  const agreed = r.simulate ? records.length : 0;
  return {
    outDir: r.outDir,
    towers: records.length,
    generated: pending.length,
    resumed,
    byCategory: count((rec) => rec.category),
    byHeight: count((rec) => String(rec.height)),
    agreement: { simulated, agreed, rate: simulated === 0 ? 1 : agreed / simulated },
    blacklisted: rejected.length,
    seconds: (performance.now() - start) / 1000,
  };
}
