/**
 * Reads a block-tower dataset in the ShapeStacks layout (Groth et al. 2018),
 * both the official release and the towers `@steth/mujoco-gen` writes:
 *
 *   recordings/env_<scenario>/rgb-...-cam_<N>-mono-0.png
 *   splits/<split>/{train,eval,test}.txt       one scenario folder per line
 *   meta/blacklist_{stable,unstable}.txt       scenarios to leave out
 *   manifest.jsonl                             ours only: one tower per line
 *
 * Global stability comes from the scenario name (vcom/vpsf); local stability,
 * the paper's category (A to D, Fig. 2) and the origin of global instability
 * come from `manifest.jsonl` where present. Label 1 means unstable, as in the
 * paper (Section 4). Nothing is skipped silently: anything missing or
 * malformed is an error naming the file; blacklisted scenarios are listed.
 * The images of a tower are the ones its manifest line lists; without a
 * manifest (the official release), every scenario of a split must have an
 * image from each camera the split's other scenarios have.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from './dataset-error';
import { parseScenarioName } from './scenario-name';
import { EASY_CATEGORIES, HARD_CATEGORIES, TOWER_CATEGORIES, type TowerCategory } from './tower-category';

/** Number of classes of the n-way origin label: 0 = globally stable, k = the k-th interface from the bottom (1..5). */
export const ORIGIN_CLASSES = 6;

/** What the reader needs from one line of `manifest.jsonl`. */
export interface TowerManifestEntry {
  scenario: string;
  category: TowerCategory;
  globallyStable: boolean;
  locallyStable: boolean;
  /** Interface (1-based from the bottom) where global instability starts; null when globally stable. */
  origin: number | null;
  /** The tower's images, relative to the dataset folder (what `@steth/mujoco-gen` wrote). */
  images?: string[];
}

/** One image with its labels. */
export interface TowerExample {
  scenario: string;
  imagePath: string;
  camera: number;
  height: number;
  /** 1 if the tower is globally unstable (from the scenario name). */
  globalLabel: 0 | 1;
  /** 1 if locally unstable; from the manifest, undefined without one. */
  localLabel?: 0 | 1;
  category?: TowerCategory;
  /** Origin class in [0, ORIGIN_CLASSES); from the manifest. */
  originLabel?: number;
}

/** Configures {@link readShapeStacks}. */
export interface ShapeStacksReaderOptions {
  /** Dataset root (holds `recordings/` and `splits/`). */
  root: string;
  /** Split folder under `splits/`, e.g. `default` or ShapeStacks' `ccs_all`. */
  split: string;
  /** Which list of the split. */
  subset: 'train' | 'eval' | 'test';
  /** Keep only these categories (needs a manifest). Default: all. */
  categories?: readonly TowerCategory[];
  /** Keep only easy (A, D) or hard (B, C) towers (needs a manifest). Default: both. */
  difficulty?: 'easy' | 'hard';
  /** Keep only towers of these heights. Default: all. */
  heights?: readonly number[];
  /** Keep only images from these cameras. Default: all found. */
  cameras?: readonly number[];
  /** Leave out the scenarios listed in `meta/blacklist_*.txt`; default true. */
  useBlacklist?: boolean;
}

export interface ShapeStacksSplit {
  examples: TowerExample[];
  /** Scenarios read (after filters). */
  scenarios: string[];
  /** Scenarios of the split left out because a blacklist names them. */
  blacklisted: string[];
  hasManifest: boolean;
}

const IMAGE_PATTERN = /^rgb-.*-cam_(\d+)-mono-0\.png$/;

/** The non-blank lines of a text file with their 1-based line numbers in the file. */
function readNumberedLines(file: string, what: string): { line: string; number: number }[] {
  if (!existsSync(file)) throw new DatasetError(`${what} ${file} does not exist`, { file });
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => ({ line: l.trim(), number: i + 1 }))
    .filter((l) => l.line.length > 0);
}

function readLines(file: string, what: string): string[] {
  return readNumberedLines(file, what).map((l) => l.line);
}

/** Throws a {@link DatasetError} naming `file` unless it exists and can be read. */
function checkReadable(file: string, scenario: string): void {
  try {
    accessSync(file, constants.R_OK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new DatasetError(
      code === 'ENOENT'
        ? `image ${file} of scenario ${scenario} is missing; re-generate or re-download the dataset`
        : `image ${file} of scenario ${scenario} cannot be read (${code}); check its permissions`,
      { file, cause },
    );
  }
}

/** Parses `manifest.jsonl` into a map by scenario name; a malformed line is an error naming file and line. */
export function readTowerManifest(file: string): Map<string, TowerManifestEntry> {
  const entries = new Map<string, TowerManifestEntry>();
  for (const { line, number } of readNumberedLines(file, 'manifest')) {
    let record: Partial<TowerManifestEntry>;
    try {
      record = JSON.parse(line);
    } catch (cause) {
      throw new DatasetError(`${file}:${number} is not valid JSON`, { file, cause });
    }
    const { scenario, category, globallyStable, locallyStable, origin, images } = record;
    if (
      typeof scenario !== 'string' ||
      !TOWER_CATEGORIES.includes(category as TowerCategory) ||
      typeof globallyStable !== 'boolean' ||
      typeof locallyStable !== 'boolean' ||
      !(origin === null || Number.isInteger(origin))
    ) {
      throw new DatasetError(
        `${file}:${number} lacks one of scenario, category (A-D), globallyStable, locallyStable, origin`,
        { file },
      );
    }
    if (images !== undefined && !(Array.isArray(images) && images.every((x) => typeof x === 'string'))) {
      throw new DatasetError(`${file}:${number}: "images" must be a list of paths`, { file });
    }
    entries.set(scenario.replace(/^env_/, ''), record as TowerManifestEntry);
  }
  return entries;
}

function checkFilters(options: ShapeStacksReaderOptions): void {
  for (const c of options.categories ?? []) {
    if (!TOWER_CATEGORIES.includes(c)) {
      throw new DatasetError(`unknown tower category "${c}"; expected A, B, C or D`);
    }
  }
  for (const h of options.heights ?? []) {
    if (!Number.isInteger(h) || h < 2 || h > 6) throw new DatasetError(`tower height ${h} is not in 2..6`);
  }
  if (options.difficulty && options.difficulty !== 'easy' && options.difficulty !== 'hard') {
    throw new DatasetError(`difficulty must be "easy" or "hard", got "${options.difficulty}"`);
  }
}

/**
 * Lists the examples of one split, with their labels, after filtering.
 * Throws a {@link DatasetError} naming the file for a missing or empty split
 * file, an unparseable scenario name, a missing scenario folder or image, or
 * a manifest that lacks a scenario.
 */
export function readShapeStacks(options: ShapeStacksReaderOptions): ShapeStacksSplit {
  checkFilters(options);
  const { root, split, subset } = options;
  const splitFile = join(root, 'splits', split, `${subset}.txt`);
  const lines = readNumberedLines(splitFile, 'split file');
  if (lines.length === 0) throw new DatasetError(`split file ${splitFile} is empty`, { file: splitFile });

  const manifestFile = join(root, 'manifest.jsonl');
  const manifest = existsSync(manifestFile) ? readTowerManifest(manifestFile) : undefined;
  const needsManifest = (options.categories?.length ?? 0) > 0 || options.difficulty !== undefined;
  if (needsManifest && !manifest) {
    throw new DatasetError(
      `filtering by category or difficulty needs ${manifestFile} (local stability is not in ShapeStacks' names); ` +
        'generate the towers with @steth/mujoco-gen, or drop the filter',
      { file: manifestFile },
    );
  }
  const blacklist = new Set<string>();
  if (options.useBlacklist ?? true) {
    for (const name of ['blacklist_stable.txt', 'blacklist_unstable.txt']) {
      const file = join(root, 'meta', name);
      if (existsSync(file))
        for (const l of readLines(file, 'blacklist')) blacklist.add(l.replace(/^env_/, ''));
    }
  }
  // Categories kept: the requested ones (default all), narrowed to the requested difficulty.
  const byDifficulty =
    options.difficulty === 'easy'
      ? EASY_CATEGORIES
      : options.difficulty === 'hard'
        ? HARD_CATEGORIES
        : undefined;
  const allowed = new Set<TowerCategory>(
    (options.categories ?? TOWER_CATEGORIES).filter((c) => !byDifficulty || byDifficulty.includes(c)),
  );

  const examples: TowerExample[] = [];
  const scenarios: string[] = [];
  const blacklisted: string[] = [];
  // Without a manifest: the images found per scenario, checked against each other at the end.
  const listed: { scenario: string; folder: string; cameras: Set<number> }[] = [];
  for (const { line, number } of lines) {
    const scenario = line.replace(/^env_/, '');
    let name: ReturnType<typeof parseScenarioName>;
    try {
      name = parseScenarioName(scenario);
    } catch (cause) {
      throw new DatasetError(`${splitFile}:${number}: ${(cause as Error).message}`, {
        file: splitFile,
        cause,
      });
    }
    if (blacklist.has(scenario)) {
      blacklisted.push(scenario);
      continue;
    }
    if (options.heights && !options.heights.includes(name.height)) continue;
    const entry = manifest?.get(scenario);
    if (manifest && !entry) {
      throw new DatasetError(
        `${manifestFile} has no line for scenario ${scenario} (listed in ${splitFile})`,
        {
          file: manifestFile,
        },
      );
    }
    if (entry && !allowed.has(entry.category)) continue;
    const globalLabel: 0 | 1 = name.vcom === 0 && name.vpsf === 0 ? 0 : 1;
    if (entry && entry.globallyStable !== (globalLabel === 0)) {
      throw new DatasetError(
        `${manifestFile}: scenario ${scenario} is ${entry.globallyStable ? 'stable' : 'unstable'} in the manifest but its name says otherwise`,
        { file: manifestFile },
      );
    }
    const folder = join(root, 'recordings', `env_${scenario}`);
    if (!existsSync(folder)) throw new DatasetError(`scenario folder ${folder} is missing`, { file: folder });
    let images: { file: string; camera: number }[];
    if (entry?.images) {
      // What the generator wrote is what must be there.
      images = entry.images.map((path) => {
        const m = IMAGE_PATTERN.exec(path.split(/[\\/]/).pop() ?? '');
        if (!m) {
          throw new DatasetError(
            `${manifestFile}: scenario ${scenario} lists ${path}, which is not an rgb-*-cam_N-mono-0.png image`,
            { file: manifestFile },
          );
        }
        return { file: join(root, path), camera: Number(m[1]) };
      });
    } else {
      images = readdirSync(folder)
        .map((f) => ({ f, m: IMAGE_PATTERN.exec(f) }))
        .filter((x) => x.m)
        .map((x) => ({ file: join(folder, x.f), camera: Number(x.m![1]) }));
      listed.push({ scenario, folder, cameras: new Set(images.map((x) => x.camera)) });
    }
    images = images
      .filter((x) => !options.cameras || options.cameras.includes(x.camera))
      .sort((a, b) => a.camera - b.camera);
    for (const image of images) checkReadable(image.file, scenario);
    if (options.cameras) {
      const missing = options.cameras.filter((c) => !images.some((x) => x.camera === c));
      if (missing.length > 0 && images.length > 0) {
        throw new DatasetError(
          `scenario folder ${folder} has no image from camera ${missing.join(', ')} (rgb-*-cam_${missing[0]}-mono-0.png), which this read asks for`,
          { file: folder },
        );
      }
    }
    if (images.length === 0) {
      const which = options.cameras ? ` for cameras ${options.cameras.join(', ')}` : '';
      throw new DatasetError(`scenario folder ${folder} has no rgb-*-cam_N-mono-0.png image${which}`, {
        file: folder,
      });
    }
    scenarios.push(scenario);
    for (const image of images) {
      const example: TowerExample = {
        scenario,
        imagePath: image.file,
        camera: image.camera,
        height: name.height,
        globalLabel,
      };
      if (entry) {
        example.localLabel = entry.locallyStable ? 0 : 1;
        example.category = entry.category;
        example.originLabel = entry.origin ?? 0;
      }
      examples.push(example);
    }
  }
  // The official layout has no list of images: every scenario must have the cameras the split's others have.
  if (!options.cameras && listed.length > 0) {
    const cameras = new Set(listed.flatMap((x) => [...x.cameras]));
    for (const x of listed) {
      const missing = [...cameras].filter((c) => !x.cameras.has(c)).sort((a, b) => a - b);
      if (missing.length > 0) {
        throw new DatasetError(
          `scenario folder ${x.folder} has no image from camera ${missing.join(', ')} (rgb-*-cam_${missing[0]}-mono-0.png), which other scenarios of ${splitFile} have; restore the image, or read only the cameras every scenario has`,
          { file: x.folder },
        );
      }
    }
  }
  if (examples.length === 0) {
    throw new DatasetError(
      `no examples left in ${splitFile} after filtering (categories ${[...allowed].join(',')}, heights ${options.heights?.join(',') ?? 'all'}, cameras ${options.cameras?.join(',') ?? 'all'}); ${blacklisted.length} blacklisted`,
      { file: splitFile },
    );
  }
  return { examples, scenarios, blacklisted, hasManifest: manifest !== undefined };
}
