/**
 * The `reproduce <figure>` command (also `steth reproduce`): option checks in
 * one place, progress on stderr, the report path, figure times and findings
 * on stdout (`--json` for machines).
 */
import { StethError } from '@steth/core';
import { DatasetError } from '@steth/datasets';
import { LabError } from '@steth/lab';
import type { Command } from 'commander';
import { PROFILES, type ProfileName } from './profiles';
import { FIGURES, type ReproductionOptions, runReproduction } from './run-reproduction';
import type { FigureName } from './settings';

interface RawOptions {
  profile: string;
  out?: string;
  data?: string;
  towers?: string;
  seeds?: string;
  epochs?: string;
  lambdas?: string;
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

/** Validates the figure argument and options into {@link ReproductionOptions}. */
export function resolveReproduceOptions(figure: string, raw: RawOptions): ReproductionOptions {
  const figures =
    figure === 'all'
      ? [...FIGURES]
      : FIGURES.includes(figure as FigureName)
        ? [figure as FigureName]
        : undefined;
  if (!figures) {
    throw new RangeError(
      `Unknown figure "${figure}"; expected ${FIGURES.join(', ')} or all (figures 4, 5 and 7 are not implemented yet).`,
    );
  }
  if (!PROFILES.includes(raw.profile as ProfileName)) {
    throw new RangeError(`--profile must be one of ${PROFILES.join(', ')}, got "${raw.profile}"`);
  }
  let lambdas: number[] | undefined;
  if (raw.lambdas !== undefined) {
    lambdas = raw.lambdas.split(',').map((s) => Number(s.trim()));
    if (lambdas.some((x) => !Number.isFinite(x))) {
      throw new RangeError(`--lambdas must be comma-separated numbers, got "${raw.lambdas}"`);
    }
  }
  const epochs = positiveInt(raw.epochs, '--epochs');
  return {
    figures,
    profile: raw.profile as ProfileName,
    outDir: raw.out,
    dataDir: raw.data,
    towers: positiveInt(raw.towers, '--towers'),
    seeds: positiveInt(raw.seeds, '--seeds'),
    lambdas,
    settings: epochs === undefined ? {} : { epochs },
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
      "Reproduce the paper's tower experiments (Figs. 3 and 6): generate towers if missing, sweep, report",
    )
    .option('--profile <name>', `${PROFILES.join(' or ')}`, 'quick')
    .option('--out <dir>', 'run folder (default runs/reproduce-<profile>); rerun to resume')
    .option('--data <dir>', 'tower dataset folder (default <out>/towers; generated if missing)')
    .option('--towers <n>', "towers to generate (default: the profile's)")
    .option('--seeds <n>', "seeds per point (default: the profile's)")
    .option('--epochs <n>', "training epochs (default: the profile's)")
    .option('--lambdas <list>', "Fig. 6 lambdas, comma-separated (default: the profile's)")
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
        ...result.figures.map(
          (f) =>
            `${f.figure}     ${f.runs} runs, ${f.seconds.toFixed(0)} s now (runs sum ${f.runSeconds.toFixed(0)} s)`,
        ),
        ...result.findings.map(
          (f) =>
            `${f.holds === true ? 'agrees ' : f.holds === false ? 'DIFFERS' : 'no verdict'}  ${f.claim} ${f.detail}`,
        ),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
