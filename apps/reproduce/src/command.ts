/**
 * The `reproduce <figure>` command (also `steth reproduce`): option checks in
 * one place, progress on stderr, the report path, figure times and findings
 * on stdout (`--json` for machines).
 */
import { StethError } from '@steth/core';
import { DatasetError } from '@steth/datasets';
import { LabError } from '@steth/lab';
import type { Command } from 'commander';
import { FIGURES } from './figure-points';
import { verdict } from './findings';
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
    workers: positiveInt(raw.workers, '--workers'),
    progress: raw.progress,
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
    .option('--towers <n>', "towers to generate (default: the profile's)")
    .option('--seeds <n>', "seeds per point (default: the profile's)")
    .option('--epochs <n>', "training epochs (default: the profile's)")
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
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the result as JSON')
    .action(async (figure: string, raw: RawOptions) => {
      const options = resolveReproduceOptions(figure, raw);
      const result = await runReproduction(options).catch((error: unknown) => {
        if (error instanceof DatasetError || error instanceof LabError)
          throw new StethError(error.message, { cause: error });
        throw error;
      });
      if (raw.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
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
        ...result.findings.map((f) => `${verdict(f)}: ${f.claim} ${f.detail}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
