/**
 * The MNIST-hints reproduction end to end (paper Appendix B): builds the
 * sweep points of a profile, runs them over seeds in worker processes
 * (resuming a stopped sweep in the same folder), and writes the report.
 */
import { join, resolve } from 'node:path';
import {
  enqueueQueueSweep,
  type FailedRun,
  workerScriptPath as labWorkerScriptPath,
  type RunRecord,
  runQueueSweep,
  runSweep,
  type SweepPoint,
} from '@steth/lab';
import type { Finding } from './findings';
import { getProfile, type ProfileName, profilePoints } from './profiles';
import { type MnistHintsPoint, type OptimizerSettings, pointId, type RunSettings } from './settings';
import { writeSweepReport } from './sweep-report';

/** Configures {@link runMnistHints}; every field overrides the profile. */
export interface MnistHintsOptions {
  /** `'quick'` (default) or `'paper'`. */
  profile?: ProfileName;
  /** Variants to run; default both, `[1, 2]`. */
  variants?: (1 | 2)[];
  /** Output folder; default `runs/mnist-hints-<profile>` under the current directory. */
  outDir?: string;
  /** Worker processes; default 2 (at most the CPU count). */
  workers?: number;
  /** Seeds per point: 0 .. seeds-1; default: the profile's (3 quick; 100 / 20 paper). */
  seeds?: number;
  /** Hint qualities q_h; default: the profile's. */
  qh?: number[];
  /** Stethoscope weights lambda; default: the profile's. */
  lambdas?: number[];
  /** Overrides of the run settings (e.g. optimiser, epochs, trainSize); default none. */
  settings?: Partial<Omit<RunSettings, 'variant' | 'optimizer' | 'stethoscopeOptimizer'>> & {
    optimizer?: Partial<OptimizerSettings>;
    /** Learning rate of the stethoscope's optimiser. */
    stethoscopeLearningRate?: number;
  };
  /** Overrides for one variant only, applied after `settings`; default none. */
  settingsByVariant?: Partial<
    Record<1 | 2, Partial<Pick<RunSettings, 'trainSize' | 'testSize' | 'epochs' | 'batchSize'>>>
  >;
  /** TensorFlow.js backend of the workers (a `STETH_BACKEND` value); default: `$STETH_BACKEND` or auto. */
  backend?: string;
  /** Progress bar on stderr; default true. */
  progress?: boolean;
  /** Stops the sweep; finished runs stay recorded. */
  signal?: AbortSignal;
  /**
   * Redis URL (`redis://HOST:PORT`): enqueue the runs on BullMQ for `steth worker` processes
   * instead of running them in local worker processes; default none (the local pool).
   */
  queue?: string;
  /** With `queue`: attempts of a run that throws before it is reported as failed; default 3. */
  queueAttempts?: number;
  /** With `queue`: BullMQ key prefix (the workers' `--queue-prefix`); default BullMQ's. */
  queuePrefix?: string;
}

/** What {@link runMnistHints} produced. */
export interface MnistHintsResult {
  /** The run folder. */
  outDir: string;
  /** Its HTML report. */
  html: string;
  /** Runs done now, and runs found already done. */
  ran: number;
  skipped: number;
  /** Wall time of the sweep (seconds). */
  seconds: number;
  /** Points x seeds. */
  totalRuns: number;
  /** The paper's findings checked on the aggregates. */
  findings: Finding[];
  /** With a queue: runs that failed every attempt (listed in the report; a rerun retries them). */
  failed: FailedRun<MnistHintsPoint>[];
}

/** The kind of this app's jobs on the queue (what `steth worker` looks up). */
export const MNIST_HINTS_JOB_KIND = 'mnist-hints';

/** The report's lines for runs that failed every attempt: which run, after how many attempts, with what error. */
export function failedRunLines(failed: readonly FailedRun[]): string[] {
  if (failed.length === 0) return [];
  return [
    `FAILED: ${failed.length} run(s) failed every attempt and are left out of the aggregates; rerun the same command to retry them.`,
    ...failed.map(
      (f) => `Failed run ${f.pointId} seed ${f.seed} (job ${f.jobId}, ${f.attempts} attempts): ${f.error}`,
    ),
  ];
}

/** Path of this app's built worker module (`dist/worker.js`), from sources or from the build. */
export function workerScriptPath(): string {
  return labWorkerScriptPath(import.meta.url);
}

/** Resolves the points of a run from a profile and overrides. */
export function resolvePoints(options: MnistHintsOptions): {
  points: SweepPoint<MnistHintsPoint>[];
  seeds: Record<1 | 2, number[]>;
} {
  const profile = getProfile(options.profile ?? 'quick');
  const variants = options.variants ?? [1, 2];
  for (const v of variants) {
    const s = profile.settings[v];
    const o = options.settings ?? {};
    profile.settings[v] = {
      ...s,
      ...o,
      variant: v,
      optimizer: { ...s.optimizer, ...o.optimizer } as OptimizerSettings,
    };
    if (options.qh) profile.qh[v] = options.qh;
    if (options.lambdas) profile.lambdas[v] = options.lambdas;
    if (options.seeds !== undefined) profile.seeds[v] = Array.from({ length: options.seeds }, (_, i) => i);
  }
  const points = profilePoints(profile, variants).map((point) => ({ id: pointId(point), point }));
  return { points, seeds: profile.seeds };
}

/** Runs (or resumes) the sweep and writes the report. */
export async function runMnistHints(options: MnistHintsOptions = {}): Promise<MnistHintsResult> {
  const profile = options.profile ?? 'quick';
  const outDir = resolve(options.outDir ?? join('runs', `mnist-hints-${profile}`));
  const { points, seeds } = resolvePoints(options);
  const env = { ...process.env };
  if (options.backend) env.STETH_BACKEND = options.backend;
  let ran = 0;
  let skipped = 0;
  let seconds = 0;
  const allRuns: RunRecord<MnistHintsPoint>[] = [];
  const failed: FailedRun<MnistHintsPoint>[] = [];
  // The variants have different seed counts in the paper profile: one sweep each, sharing the folder and its log.
  const sweeps = ([1, 2] as const)
    .map((variant) => points.filter((p) => p.point.variant === variant))
    .filter((ofVariant) => ofVariant.length > 0)
    .map((ofVariant) => {
      const variant = ofVariant[0]!.point.variant;
      return {
        outDir: join(outDir, `variant-${variant}`),
        points: ofVariant,
        seeds: seeds[variant],
        settings: { profile, settings: ofVariant[0]!.point.settings },
        progress: options.progress,
        signal: options.signal,
      };
    });
  const queue = options.queue
    ? {
        url: options.queue,
        kind: MNIST_HINTS_JOB_KIND,
        attempts: options.queueAttempts,
        prefix: options.queuePrefix,
      }
    : undefined;
  // On a queue, both variants go in before waiting, so the workers do not idle between them.
  if (queue) for (const sweep of sweeps) await enqueueQueueSweep({ ...sweep, queue });
  for (const sweep of sweeps) {
    const result = queue
      ? await runQueueSweep({ ...sweep, queue })
      : {
          ...(await runSweep({ ...sweep, workerScript: workerScriptPath(), workers: options.workers, env })),
          failed: [],
        };
    failed.push(...result.failed);
    ran += result.ran;
    skipped += result.skipped;
    seconds += result.seconds;
    allRuns.push(...result.runs);
  }
  const totalRuns = points.reduce((n, p) => n + seeds[p.point.variant].length, 0);
  const report = await writeSweepReport(outDir, allRuns, points, [
    `Profile "${profile}": ${points.length} sweep points, ${totalRuns} runs (${ran} run now, ${skipped} resumed from an earlier call), sweep wall time ${seconds.toFixed(0)} s.`,
    'Test hints are independent of the digits. Each point is the mean over seeds with its Student-t 1-sigma interval, as in the paper. Raw runs: variant-*/runs.jsonl; settings: variant-*/config.json; aggregates: aggregates.csv and results.json.',
    ...(options.queue ? [`Runs were spread over the workers of the queue at ${options.queue}.`] : []),
    ...failedRunLines(failed),
  ]);
  return { outDir, html: report.html, ran, skipped, seconds, totalRuns, findings: report.findings, failed };
}
