/**
 * The `mnist-hints` command (also `steth mnist-hints`): option parsing and
 * validation in one place, progress on stderr, the report folder and the
 * findings on stdout (`--json` for machines).
 */
import { StethError } from '@steth/core';
import { DatasetError } from '@steth/datasets';
import { findingLine, LabError } from '@steth/lab';
import type { Command } from 'commander';
import { PROFILES, type ProfileName } from './profiles';
import { type MnistHintsOptions, runMnistHints } from './run-experiment';
import type { OptimizerSettings } from './settings';

/** The raw option values commander hands over. */
interface RawOptions {
  profile: string;
  variant: string;
  out?: string;
  workers?: string;
  seeds?: string;
  qh?: string;
  lambdas?: string;
  optimizer?: string;
  lr?: string;
  momentum?: string;
  epochs?: string;
  trainSize?: string;
  testSize?: string;
  hintPixels?: string;
  stethLr?: string;
  backend?: string;
  progress: boolean;
  json?: boolean;
}

const OPTIMIZERS = ['sgd-momentum', 'sgd', 'adam', 'rmsprop'] as const;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new RangeError(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n))
    throw new RangeError(`${flag} must be a positive number, got "${value}"`);
  return n;
}

function numberList(
  value: string | undefined,
  flag: string,
  check?: (x: number) => boolean,
): number[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((x) => !Number.isFinite(x) || (check && !check(x)))) {
    throw new RangeError(
      `${flag} must be a comma-separated list of numbers${check ? ' in range' : ''}, got "${value}"`,
    );
  }
  return list;
}

/** Validates the command's options into {@link MnistHintsOptions}. */
export function resolveCommandOptions(raw: RawOptions): MnistHintsOptions {
  if (!PROFILES.includes(raw.profile as ProfileName)) {
    throw new RangeError(`--profile must be one of ${PROFILES.join(', ')}, got "${raw.profile}"`);
  }
  const variants: (1 | 2)[] | undefined =
    raw.variant === 'both' ? [1, 2] : raw.variant === '1' ? [1] : raw.variant === '2' ? [2] : undefined;
  if (!variants) throw new RangeError(`--variant must be 1, 2 or both, got "${raw.variant}"`);
  if (raw.optimizer !== undefined && !OPTIMIZERS.includes(raw.optimizer as (typeof OPTIMIZERS)[number])) {
    throw new RangeError(`--optimizer must be one of ${OPTIMIZERS.join(', ')}, got "${raw.optimizer}"`);
  }
  const optimizer: Partial<OptimizerSettings> = {};
  if (raw.optimizer) optimizer.name = raw.optimizer as OptimizerSettings['name'];
  const lr = positiveNumber(raw.lr, '--lr');
  if (lr !== undefined) optimizer.learningRate = lr;
  const momentum = raw.momentum === undefined ? undefined : Number(raw.momentum);
  if (momentum !== undefined) {
    if (!(momentum >= 0 && momentum < 1))
      throw new RangeError(`--momentum must be in [0, 1), got "${raw.momentum}"`);
    optimizer.momentum = momentum;
  }
  const settings: MnistHintsOptions['settings'] = { optimizer };
  const epochs = positiveInt(raw.epochs, '--epochs');
  if (epochs !== undefined) settings.epochs = epochs;
  const trainSize = positiveInt(raw.trainSize, '--train-size');
  if (trainSize !== undefined) settings.trainSize = trainSize;
  const testSize = positiveInt(raw.testSize, '--test-size');
  if (testSize !== undefined) settings.testSize = testSize;
  const hintPixels = positiveInt(raw.hintPixels, '--hint-pixels');
  if (hintPixels !== undefined) settings.hintPixels = hintPixels;
  const stethLr = positiveNumber(raw.stethLr, '--steth-lr');
  if (stethLr !== undefined) settings.stethoscopeLearningRate = stethLr;
  return {
    profile: raw.profile as ProfileName,
    variants,
    outDir: raw.out,
    workers: positiveInt(raw.workers, '--workers'),
    seeds: positiveInt(raw.seeds, '--seeds'),
    qh: numberList(raw.qh, '--qh', (x) => x >= 0 && x <= 1),
    lambdas: numberList(raw.lambdas, '--lambdas'),
    settings,
    backend: raw.backend,
    progress: raw.progress,
  };
}

/** Adds the `mnist-hints` command to a commander program. */
export function registerMnistHintsCommand(program: Command, name = 'mnist-hints'): Command {
  return program
    .command(name)
    .description(
      "Reproduce the paper's Appendix B: MNIST with planted hints, swept over lambda and hint quality over seeds, with figures and an HTML report",
    )
    .option('--profile <name>', `sweep profile: ${PROFILES.join(' or ')}`, 'quick')
    .option('--variant <v>', 'which experiment: 1 (one-hot hint), 2 (hint pixels) or both', 'both')
    .option(
      '--out <dir>',
      'run folder (default runs/mnist-hints-<profile>); rerun with the same folder to resume',
    )
    .option('--workers <n>', 'worker processes (default 2)')
    .option('--seeds <n>', "seeds per point (default: the profile's)")
    .option('--qh <list>', "hint qualities q_h, comma-separated (default: the profile's)")
    .option('--lambdas <list>', "stethoscope weights lambda, comma-separated (default: the profile's)")
    .option('--optimizer <name>', `main optimiser: ${OPTIMIZERS.join(', ')} (default sgd-momentum)`)
    .option('--lr <x>', 'main learning rate (default 0.02)')
    .option('--momentum <x>', 'momentum of sgd-momentum (default 0.9)')
    .option('--epochs <n>', "training epochs (default: the profile's)")
    .option('--train-size <n>', "training images (default: the profile's)")
    .option('--test-size <n>', "test images (default: the profile's)")
    .option('--hint-pixels <n>', "variant 2: pixels in each hint pattern (default: the profile's)")
    .option('--steth-lr <x>', "learning rate of the stethoscope's RMSProp (default: the profile's)")
    .option('--backend <name>', 'TensorFlow.js backend of the workers (default: $STETH_BACKEND or auto)')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the result as JSON')
    .action(async (raw: RawOptions) => {
      const options = resolveCommandOptions(raw);
      const result = await runMnistHints(options).catch((error: unknown) => {
        // Known failures of the data and the sweep reach the CLI's one error handler as StethErrors.
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
        `runs     ${result.totalRuns} (${result.ran} now, ${result.skipped} resumed), ${result.seconds.toFixed(0)} s`,
        ...result.findings.map(findingLine),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
