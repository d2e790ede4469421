/**
 * `steth gen towers`: generates a ShapeStacks-style block-tower dataset
 * (paper Section 4) with @steth/mujoco-gen: balanced over categories A-D and
 * heights, physics-checked in MuJoCo, on worker threads, resumable. Options
 * are checked before any work starts; progress and ETA go to stderr, the
 * summary to stdout.
 */
import { join } from 'node:path';
import { InvalidArgumentError } from '@steth/core';
import { checkWorkerCount } from '@steth/lab';
import {
  type ContactSheetHook,
  ensureWritableFolder,
  type GenerateTowersOptions,
  generateTowers,
  resolveGenerateOptions,
  type TowerCategory,
  TowerGenError,
} from '@steth/mujoco-gen';
import { writeTowerContactSheet } from '@steth/mujoco-gen/render';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';

/** Options as commander hands them over (strings until parsed). */
export interface GenTowersFlags {
  out: string;
  count: string;
  categories: string;
  heights: string;
  imageSize: string;
  cameras: string;
  framing: string;
  seed: string;
  workers?: string;
  simulate: boolean;
  json?: boolean;
  progress: boolean;
}

/**
 * The renderer and contact-sheet hooks: @steth/mujoco-gen's own ray caster,
 * which the generator's worker threads load by default (by export name).
 */
export const towerRenderer: GenerateTowersOptions['render'] = { exportName: 'renderTower' };

/** The same cameras moved in until the tower fills the image (`--framing close-up`). */
export const closeUpTowerRenderer: GenerateTowersOptions['render'] = { exportName: 'renderTowerCloseUp' };
export const towerContactSheet: ContactSheetHook = writeTowerContactSheet;

function integer(name: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim()))
    throw new InvalidArgumentError(`--${name} must be an integer, got "${text}".`);
  return Number(text);
}

function integerList(name: string, text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      for (let i = Number(range[1]); i <= Number(range[2]); i++) out.push(i);
    } else {
      out.push(integer(name, part));
    }
  }
  return out;
}

/** Turns the command-line flags into generator options; throws a readable error on bad input. */
export function parseGenTowersFlags(flags: GenTowersFlags): GenerateTowersOptions {
  const categories = flags.categories
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean) as TowerCategory[];
  if (flags.framing !== 'shapestacks' && flags.framing !== 'close-up') {
    throw new InvalidArgumentError(`--framing must be shapestacks or close-up, got "${flags.framing}".`);
  }
  const options: GenerateTowersOptions = {
    outDir: flags.out,
    count: integer('count', flags.count),
    categories,
    heights: integerList('heights', flags.heights),
    imageSize: integer('image-size', flags.imageSize),
    cameras: integerList('cameras', flags.cameras),
    seed: integer('seed', flags.seed),
    workers: flags.workers === undefined ? undefined : integer('workers', flags.workers),
    simulate: flags.simulate,
    render: flags.framing === 'close-up' ? closeUpTowerRenderer : towerRenderer,
    contactSheet: towerContactSheet,
  };
  checkWorkerCount(options.workers);
  try {
    resolveGenerateOptions(options);
  } catch (cause) {
    if (cause instanceof TowerGenError) throw new InvalidArgumentError(cause.message, { cause });
    throw cause;
  }
  return options;
}

export function registerGenTowers(program: Command): void {
  const gen = program.command('gen').description('Generate datasets');
  gen
    .command('towers')
    .description(
      'Generate a ShapeStacks-style block-tower dataset, balanced over categories A-D, checked in MuJoCo',
    )
    .requiredOption('-o, --out <folder>', 'output folder (resumes if it holds an interrupted run)')
    .option('-n, --count <n>', 'number of towers', '4000')
    .option('--categories <list>', 'categories to balance over, e.g. A,B,C,D', 'A,B,C,D')
    .option('--heights <list>', 'heights (2-6) to balance over, e.g. 2-6 or 3,4', '2-6')
    .option('--image-size <px>', 'image width and height', '224')
    .option('--cameras <list>', 'cameras 0-3 to render', '0-3')
    .option(
      '--framing <kind>',
      'shapestacks (the corner cameras) or close-up (the same cameras moved in until the tower fills the image)',
      'shapestacks',
    )
    .option('--seed <n>', 'dataset seed', '0')
    .option('--workers <n>', 'worker threads (0 = main thread; default: number of cores)')
    .option('--no-simulate', 'skip the MuJoCo check')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: GenTowersFlags) => {
      const options = parseGenTowersFlags(flags);
      try {
        await ensureWritableFolder(options.outDir);
      } catch (cause) {
        throw new InvalidArgumentError((cause as Error).message, { cause });
      }
      const bar = flags.progress
        ? new SingleBar({
            stream: process.stderr,
            format: 'towers [{bar}] {value}/{total} {percentage}% | {speed} towers/s | ETA {etaText}',
            hideCursor: true,
          })
        : null;
      const start = performance.now();
      let started = false;
      let first = 0;
      const result = await generateTowers({
        ...options,
        onProgress: ({ done, total, resumed }) => {
          if (!bar) return;
          if (!started) {
            started = true;
            first = resumed;
            bar.start(total, done, { speed: '0.0', etaText: '...' });
          }
          const seconds = (performance.now() - start) / 1000;
          const rate = (done - first) / Math.max(seconds, 1e-3);
          const eta = rate > 0 ? Math.round((total - done) / rate) : null;
          const etaText =
            eta === null
              ? '...'
              : eta >= 60
                ? `${Math.floor(eta / 60)}m${String(eta % 60).padStart(2, '0')}s`
                : `${eta}s`;
          bar.update(done, { speed: rate.toFixed(1), etaText });
        },
      }).catch((error: unknown) => {
        bar?.stop();
        if (error instanceof TowerGenError) throw new InvalidArgumentError(error.message, { cause: error });
        throw error;
      });
      bar?.stop();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const pct = (100 * result.agreement.rate).toFixed(2);
      process.stdout.write(
        [
          `towers      ${result.towers} in ${result.outDir} (${result.generated} new, ${result.resumed} resumed) in ${result.seconds.toFixed(1)} s`,
          `categories  ${Object.entries(result.byCategory)
            .map(([k, v]) => `${k}:${v}`)
            .join(' ')}`,
          `heights     ${Object.entries(result.byHeight)
            .map(([k, v]) => `${k}:${v}`)
            .join(' ')}`,
          `physics     ${result.agreement.agreed}/${result.agreement.simulated} simulated towers agree with their geometric label (${pct}%); ${result.blacklisted} dropped (meta/blacklist_*.txt)`,
          `images      ${result.towers} towers x ${options.cameras?.length ?? 0} cameras at ${options.imageSize} px in recordings/; contact sheet: ${join(result.outDir, 'contact-sheet.png')}`,
        ]
          .filter(Boolean)
          .join('\n') + '\n',
      );
    });
}
