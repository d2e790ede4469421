/**
 * The `reproduce <figure>` command (also `steth reproduce`): option checks in
 * one place, progress on stderr, the report path, figure times and findings
 * on stdout (`--json` for machines).
 */
import { StethError } from '@steth/core';
import { DatasetError } from '@steth/datasets';
import { checkThreadsEnvironment, checkWorkerCount, findingLine, LabError } from '@steth/lab';
import type { Command } from 'commander';
import { FIGURES } from './figure-points';
import { PROFILES, type ProfileName } from './profiles';
import { type ReproductionOptions, runReproduction } from './run-reproduction';
import type { FigureName } from './settings';

interface RawOptions {
  profile: string;
  out?: string;
  data?: string;
  towers?: string;
  seeds?: string;
  epochs?: string;
  evaluateOn?: string;
  fig5Lambdas?: string;
  fig6Lambdas?: string;
  workers?: string;
  queue?: string;
  attempts?: string;
  queuePrefix?: string;
  progress: boolean;
  json?: boolean;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new RangeError(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

function lambdaList(value: string | undefined, flag: string): number[] | undefined {
  if (value === undefined) return undefined;
  const lambdas = value.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s.trim())));
  if (lambdas.some((x) => !Number.isFinite(x))) {
    throw new RangeError(`${flag} must be comma-separated numbers, got "${value}"`);
  }
  return lambdas;
}

/** Validates the figure argument and options into {@link ReproductionOptions}. */
export function resolveReproduceOptions(figure: string, raw: RawOptions): ReproductionOptions {
  const figures =
    figure === 'all'
      ? [...FIGURES]
      : FIGURES.includes(figure as FigureName)
        ? [figure as FigureName]
        : undefined;
  if (!figures) {
    throw new RangeError(`Unknown figure "${figure}"; expected ${FIGURES.join(', ')} or all.`);
  }
  if (!PROFILES.includes(raw.profile as ProfileName)) {
    throw new RangeError(`--profile must be one of ${PROFILES.join(', ')}, got "${raw.profile}"`);
  }
  const epochs = positiveInt(raw.epochs, '--epochs');
  const workers = positiveInt(raw.workers, '--workers');
  checkWorkerCount(workers);
  checkThreadsEnvironment();
  const evaluateOn = raw.evaluateOn ?? 'test';
  if (evaluateOn !== 'test' && evaluateOn !== 'eval') {
    throw new RangeError(`--evaluate-on must be test or eval, got "${raw.evaluateOn}"`);
  }
  return {
    figures,
    profile: raw.profile as ProfileName,
    outDir: raw.out,
    dataDir: raw.data,
    towers: positiveInt(raw.towers, '--towers'),
    seeds: positiveInt(raw.seeds, '--seeds'),
    fig5Lambdas: lambdaList(raw.fig5Lambdas, '--fig5-lambdas'),
    fig6Lambdas: lambdaList(raw.fig6Lambdas, '--fig6-lambdas'),
    settings: { ...(epochs === undefined ? {} : { epochs }), ...(raw.evaluateOn ? { evaluateOn } : {}) },
    workers,
    progress: raw.progress,
    ...(raw.queue === undefined ? {} : { queue: raw.queue }),
    ...(raw.attempts === undefined ? {} : { queueAttempts: positiveInt(raw.attempts, '--attempts') }),
    ...(raw.queuePrefix === undefined ? {} : { queuePrefix: raw.queuePrefix }),
  };
}

/** Adds the `reproduce` command to a commander program. */
export function registerReproduceCommand(program: Command, name = 'reproduce'): Command {
  return program
    .command(name)
    .argument('<figure>', `${FIGURES.join(', ')} or all`)
    .description(
      "Reproduce the paper's tower experiments (Figs. 3 to 7): generate towers if missing, train, probe, sweep lambda, report",
    )
    .option('--profile <name>', `${PROFILES.join(' or ')}`, 'quick')
    .option('--out <dir>', 'run folder (default runs/reproduce-<profile>); rerun to resume')
    .option('--data <dir>', 'tower dataset folder (default <out>/towers; generated if missing)')
    .option(
      '--towers <n>',
      "towers to generate, for every run (default: the profile's; the cpu profile's run on all towers trains on 24,000)",
    )
    .option('--seeds <n>', "seeds per point (default: the profile's)")
    .option(
      '--epochs <n>',
      "training epochs, for every run (default: the profile's; the cpu profile's run on all towers trains for 8)",
    )
    .option(
      '--evaluate-on <split>',
      'test, or eval to choose settings without looking at the test split',
      'test',
    )
    .option(
      '--fig5-lambdas <list>',
      "Fig. 5 lambdas, comma-separated; 0 is always run (default: the profile's)",
    )
    .option(
      '--fig6-lambdas <list>',
      "Fig. 6 and 7 lambdas, comma-separated; 0 is always run (default: the profile's)",
    )
    .option('--workers <n>', 'worker processes (default 2)')
    .option(
      '--queue <url>',
      'Redis URL (redis://HOST:PORT): enqueue the runs for `steth worker` processes instead of running them here',
    )
    .option(
      '--attempts <n>',
      'with --queue: attempts of a run that throws before it counts as failed (default 3)',
    )
    .option('--queue-prefix <name>', "with --queue: BullMQ key prefix, the workers' too (default bull)")
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the result as JSON')
    .action(async (figure: string, raw: RawOptions) => {
      const options = resolveReproduceOptions(figure, raw);
      const result = await runReproduction(options).catch((error: unknown) => {
        if (error instanceof DatasetError || error instanceof LabError)
          throw new StethError(error.message, { cause: error });
        throw error;
      });
      const failedError = new StethError(
        `${result.failed.length} run(s) failed every attempt; their errors are in the report ${result.html}. Fix the cause and rerun the same command to retry them.`,
      );
      if (raw.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        if (result.failed.length > 0) throw failedError;
        return;
      }
      const lines = [
        `report   ${result.html}`,
        `data     ${result.data.towers} towers (${result.data.generated ? `generated in ${result.data.seconds.toFixed(0)} s` : 'already there'})`,
        `sweep    ${result.sweepSeconds.toFixed(0)} s of wall time in this call`,
        ...result.figures.map(
          (f) =>
            `${f.figure}     ${f.runs} runs, ${f.runSeconds.toFixed(0)} s of run time (shared runs count for each figure)`,
        ),
        ...result.failed.map(
          (f) => `FAILED   ${f.pointId} seed ${f.seed} after ${f.attempts} attempts: ${f.error}`,
        ),
        ...result.findings.map(findingLine),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      if (result.failed.length > 0) throw failedError;
    });
}
