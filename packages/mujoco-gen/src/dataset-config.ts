/**
 * The settings record of a generated dataset (`meta/config.json`): every
 * setting that changes what the generator writes (paper Section 4's data:
 * categories, heights, seed, physics check, image size, cameras, renderer,
 * tower count). A run that resumes a folder must use the same settings; the
 * record lets the generator, and readers such as the tower reproduction,
 * refuse a mix and name what differs.
 */
import { readFile } from 'node:fs/promises';
import { TowerGenError } from './errors';

/** Version of the record's layout; records of another version are not resumed. */
export const DATASET_CONFIG_VERSION = 2;

/** What `meta/config.json` holds. */
export interface DatasetConfig {
  version: number;
  categories: string[];
  heights: number[];
  seed: number;
  /** Image width and height (px). */
  imageSize: number;
  /** The renderer's camera indices (0-3). */
  cameras: number[];
  simulate: boolean;
  sampler: unknown;
  simulation: unknown;
  /** Whether images were rendered. */
  rendered: boolean;
  /** The renderer's export (or function) name, e.g. `renderTower` or `renderTowerCloseUp`; null without one. */
  renderer: string | null;
  /** Towers in the dataset. */
  count: number;
}

/** The settings every resume must repeat exactly (count may grow, see {@link datasetConfigDifferences}). */
const FIXED: readonly (keyof DatasetConfig)[] = [
  'version',
  'categories',
  'heights',
  'seed',
  'imageSize',
  'cameras',
  'simulate',
  'sampler',
  'simulation',
  'rendered',
  'renderer',
];

const show = (value: unknown) => (value === undefined ? 'not recorded' : JSON.stringify(value));

/**
 * The settings in which `wanted` differs from the recorded `previous`, as
 * `name recorded -> wanted` texts; empty when a resume may go on. A larger
 * count extends a dataset; a smaller one would drop towers from its
 * manifest, so it counts as a difference.
 */
export function datasetConfigDifferences(previous: Partial<DatasetConfig>, wanted: DatasetConfig): string[] {
  const out: string[] = [];
  for (const key of FIXED) {
    if (JSON.stringify(previous[key]) !== JSON.stringify(wanted[key])) {
      out.push(`${key} ${show(previous[key])} -> ${show(wanted[key])}`);
    }
  }
  if (typeof previous.count === 'number' && wanted.count < previous.count) {
    out.push(`count ${previous.count} -> ${wanted.count} (a smaller count would drop towers)`);
  }
  return out;
}

/** Reads a dataset's `meta/config.json`; null when there is none. A corrupt one is an error naming it. */
export async function readDatasetConfig(path: string): Promise<Partial<DatasetConfig> | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Partial<DatasetConfig>;
  } catch (cause) {
    throw new TowerGenError(
      `${path} is corrupt (${(cause as Error).message}): it records the dataset's settings, so the towers there cannot be resumed safely. Delete the dataset folder and rerun, or use another --out folder.`,
      { cause },
    );
  }
}
