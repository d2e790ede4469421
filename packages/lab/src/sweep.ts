/**
 * Runs an experiment sweep: every (point, seed) pair once, in parallel
 * worker PROCESSES from a workerpool pool, with a progress bar on stderr
 * that counts the epochs of the running runs and gives an ETA from measured
 * epoch times. Ctrl-C (SIGINT) and SIGTERM stop the workers and keep the
 * finished runs. Finished runs are appended to `runs.jsonl` as they arrive, so an
 * interrupted sweep resumes where it stopped: rerun it with the same output
 * folder and the finished pairs are skipped. A resume whose settings differ
 * from the recorded ones (in `config.json`, or in the runs themselves) is
 * refused with a line naming them. Used by the paper's reproductions
 * (Appendix B, and the towers of Section 4).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '@steth/atomic-file';
import cliProgress from 'cli-progress';
import workerpool from 'workerpool';
import { LabError, SweepInterruptedError } from './errors';
import { createRunLogWriter, type RunRecord, readRunLog, runKey } from './run-log';
import { settingsDifferences } from './settings-differences';
import { SweepProgress } from './sweep-progress';
import type { SweepEpochMessage, SweepTask, SweepTaskResult } from './worker-host';

/** A point of the sweep: a stable id and the configuration handed to the worker. */
export interface SweepPoint<P> {
  /** Unique, stable id (used as the resume key). */
  id: string;
  /** Configuration of the point; must be JSON-serialisable. */
  point: P;
}

/** Configures {@link runSweep}. */
export interface SweepConfig<P> {
  /** Output folder; created if needed. Holds `config.json` and `runs.jsonl`. Required. */
  outDir: string;
  /** Absolute path of a built worker module that calls `serveSweepWorker`. Required. */
  workerScript: string;
  /** The sweep points. Required. */
  points: readonly SweepPoint<P>[];
  /** Seeds every point is run with. Required. */
  seeds: readonly number[];
  /** Settings shared by all runs (written to config.json; a resumed sweep must use the same). Default `{}`. */
  settings?: unknown;
  /** Worker processes; default `min(2, availableParallelism())`. */
  workers?: number;
  /** Show the progress bar on stderr; default true. */
  progress?: boolean;
  /** Environment of the worker processes; default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Stops the sweep (finished runs stay recorded). Ctrl-C (SIGINT) and SIGTERM do the same. */
  signal?: AbortSignal;
  /** Called after each run is recorded. */
  onRun?: (run: RunRecord<P>, done: number, total: number) => void;
  /** Receives warnings (a damaged line of `runs.jsonl`); default: printed on stderr. */
  onWarning?: (message: string) => void;
}

/** What {@link runSweep} did. */
export interface SweepResult<P> {
  /** Every recorded run of the sweep's points and seeds (earlier and new). */
  runs: RunRecord<P>[];
  /** Runs done now. */
  ran: number;
  /** Pairs skipped because they were already recorded. */
  skipped: number;
  /** Wall time of this call in seconds. */
  seconds: number;
}

/** Runs every (point, seed) pair not yet recorded in `outDir/runs.jsonl`. */
export async function runSweep<P>(config: SweepConfig<P>): Promise<SweepResult<P>> {
  const start = performance.now();
  const { outDir, points, seeds } = config;
  const ids = new Set<string>();
  for (const p of points) {
    if (ids.has(p.id))
      throw new LabError(`runSweep: two sweep points have the id "${p.id}"; ids must be unique.`);
    ids.add(p.id);
  }
  if (!existsSync(config.workerScript)) {
    throw new LabError(
      `runSweep: worker script ${config.workerScript} does not exist; build the app first (pnpm build).`,
    );
  }
  mkdirSync(outDir, { recursive: true });
  const settings = config.settings ?? {};
  const configFile = join(outDir, 'config.json');
  const refuse = (where: string, differences: string[]) =>
    new LabError(
      `${where} holds runs made with other settings: ${differences.slice(0, 4).join('; ')}${differences.length > 4 ? `; and ${differences.length - 4} more` : ''}. Resuming would mix results: use the same settings, another output folder, or delete this one.`,
    );
  if (existsSync(configFile)) {
    let recorded: { settings?: unknown };
    try {
      recorded = JSON.parse(readFileSync(configFile, 'utf8')) as { settings?: unknown };
    } catch (cause) {
      throw new LabError(
        `${configFile} is corrupt (${(cause as Error).message}); it records the sweep's settings. Delete it and rerun: the finished runs in runs.jsonl carry their own settings and are checked again.`,
        { cause },
      );
    }
    const differences = settingsDifferences(recorded.settings, settings);
    if (differences.length > 0) throw refuse(outDir, differences);
  }
  const logFile = join(outDir, 'runs.jsonl');
  const log = readRunLog<P>(logFile);
  const warn = config.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  for (const line of log.badLines) {
    warn(`${logFile}:${line} is not a valid run record; skipped (that run is done again).`);
  }
  // Every recorded run carries its point: one made with other settings is refused, not reused.
  const pointOf = new Map(points.map((p) => [p.id, p.point]));
  const previous = log.runs.filter((r) => pointOf.has(r.pointId) && seeds.includes(r.seed));
  for (const run of previous) {
    const differences =
      run.point === undefined
        ? ['the run records no settings']
        : settingsDifferences(run.point, pointOf.get(run.pointId));
    if (differences.length > 0) throw refuse(`${logFile} (${run.pointId}, seed ${run.seed})`, differences);
  }
  writeFileAtomicSync(
    configFile,
    `${JSON.stringify({ settings, points: points.map((p) => ({ id: p.id, ...p.point })), seeds }, null, 2)}\n`,
  );
  const finished = new Set(previous.map((r) => runKey(r.pointId, r.seed)));
  const todo: SweepTask<P>[] = [];
  for (const seed of seeds) {
    for (const p of points) {
      if (!finished.has(runKey(p.id, seed))) todo.push({ pointId: p.id, point: p.point, seed });
    }
  }
  const runs = [...previous];
  const total = points.length * seeds.length;
  const writer = createRunLogWriter(logFile);
  if (todo.length === 0) return { runs, ran: 0, skipped: previous.length, seconds: 0 };

  const workers = config.workers ?? Math.min(2, availableParallelism());
  const pool = workerpool.pool(config.workerScript, {
    workerType: 'process',
    maxWorkers: workers,
    forkOpts: { env: config.env ?? process.env, execArgv: [] },
  });
  const progress = new SweepProgress({ total, done: previous.length, workers });
  const bar =
    config.progress === false
      ? undefined
      : new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format:
              'sweep {bar} {runs}/{total} runs ({epochs}) | elapsed {duration_formatted} | ETA {etaText} | {last}',
            noTTYOutput: true,
            notTTYSchedule: 10_000,
            hideCursor: false,
          },
          cliProgress.Presets.shades_classic,
        );
  const showProgress = (last?: string) => {
    const payload = { ...progress.payload(), ...(last === undefined ? {} : { last }) };
    bar?.update(progress.value, payload);
  };
  bar?.start(total, previous.length, {
    ...progress.payload(),
    last: previous.length > 0 ? `resumed, ${previous.length} already done` : '',
  });

  let stopped = false;
  const stop = () => {
    stopped = true;
    void pool.terminate(true);
  };
  const onSignal = () => stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  config.signal?.addEventListener('abort', stop, { once: true });
  let failure: unknown;
  try {
    await Promise.all(
      todo.map(async (task) => {
        if (stopped) return;
        let result: SweepTaskResult;
        try {
          const key = runKey(task.pointId, task.seed);
          result = (await pool.exec('runTask', [task], {
            on: (message: SweepEpochMessage) => {
              if (message?.type !== 'epoch' || stopped) return;
              progress.epoch(key, message.epoch, message.epochs, message.seconds);
              showProgress();
            },
          })) as SweepTaskResult;
          progress.finish(key);
        } catch (error) {
          if (stopped) return;
          failure ??= error;
          stop();
          return;
        }
        if (stopped) return;
        const run: RunRecord<P> = {
          pointId: task.pointId,
          point: task.point,
          seed: task.seed,
          metrics: result.metrics,
          seconds: result.seconds,
          finishedAt: new Date().toISOString(),
        };
        writer.append(run);
        runs.push(run);
        showProgress(`${task.pointId} seed ${task.seed}: ${result.seconds.toFixed(1)} s`);
        config.onRun?.(run, runs.length, total);
      }),
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    config.signal?.removeEventListener('abort', stop);
    bar?.stop();
    await pool.terminate(stopped);
  }
  if (failure) {
    throw new LabError(`A sweep run failed: ${(failure as Error)?.message ?? String(failure)}`, {
      cause: failure,
    });
  }
  if (stopped) {
    throw new SweepInterruptedError(
      `The sweep was interrupted after ${runs.length} of ${total} runs; the finished runs are in ${logFile}. Run the same command again to resume.`,
    );
  }
  return {
    runs,
    ran: runs.length - previous.length,
    skipped: previous.length,
    seconds: (performance.now() - start) / 1000,
  };
}
