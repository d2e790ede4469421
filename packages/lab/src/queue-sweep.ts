/**
 * The coordinator of a sweep spread over machines: every (point, seed) pair
 * not yet in `outDir/runs.jsonl` becomes one BullMQ job in Redis, with an id
 * naming the run (so enqueueing twice adds nothing), retried a bounded number
 * of times when it throws; `steth worker` processes anywhere run them. It
 * waits with a progress bar (runs done, running, workers connected), appends
 * each finished run's metrics (the job's return value) to `runs.jsonl` as the
 * local pool does, and reports runs that failed every attempt with their
 * error. Killed and restarted, it enqueues nothing twice and collects what
 * finished meanwhile. Used for the paper's sweeps (Section 4, Appendix B).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Job, type JobsOptions, Queue } from 'bullmq';
import cliProgress from 'cli-progress';
import { LabError, SweepInterruptedError } from './errors';
import {
  type QueueRunJob,
  type QueueRunResult,
  redisConnection,
  runJobId,
  SWEEP_QUEUE_NAME,
  sweepKey,
} from './queue-job';
import { createRunLogWriter, type RunRecord, readRunLog, runKey } from './run-log';
import type { SweepPoint } from './sweep';

/** Where and how a sweep's runs go to the queue. */
export interface QueueTarget {
  /** Redis URL, `redis://HOST:PORT`. Required. */
  url: string;
  /** Kind of the runs (the app that runs them, e.g. `mnist-hints`); workers look it up. Required. */
  kind: string;
  /** BullMQ key prefix: sweeps under different prefixes share nothing (workers must use the same); default BullMQ's `bull`. */
  prefix?: string;
  /** The data description carried in every job for the worker to build or check; default none. */
  dataset?: unknown;
  /** Attempts of a run that throws before it is reported as failed; default 3. */
  attempts?: number;
  /** Delay between attempts (ms); default 1000. */
  retryDelayMs?: number;
  /** How often the coordinator reads the jobs' states (ms); default 1000. */
  pollMs?: number;
  /** How long to wait for Redis at the start before giving up (ms); default 15000. */
  connectTimeoutMs?: number;
}

/** Configures {@link runQueueSweep}. */
export interface QueueSweepConfig<P> {
  /** Output folder; created if needed. Holds `config.json` and `runs.jsonl`. Required. */
  outDir: string;
  /** The sweep points. Required. */
  points: readonly SweepPoint<P>[];
  /** Seeds every point is run with. Required. */
  seeds: readonly number[];
  /** Settings shared by all runs (written to config.json and hashed into the job ids). Default `{}`. */
  settings?: unknown;
  /** The queue. Required. */
  queue: QueueTarget;
  /** Show the progress bar on stderr; default true. */
  progress?: boolean;
  /** Stops waiting (jobs stay queued, finished runs stay recorded). Ctrl-C (SIGINT) does the same. */
  signal?: AbortSignal;
  /** Called after each run is recorded. */
  onRun?: (run: RunRecord<P>, done: number, total: number) => void;
}

/** A run that failed every attempt. */
export interface FailedRun<P = unknown> {
  pointId: string;
  point: P;
  seed: number;
  /** The job's id in the queue. */
  jobId: string;
  /** The error of its last attempt. */
  error: string;
  /** Attempts made. */
  attempts: number;
}

/** What {@link runQueueSweep} did. */
export interface QueueSweepResult<P> {
  /** Every recorded run of the sweep's points and seeds (earlier and new). */
  runs: RunRecord<P>[];
  /** Runs recorded now. */
  ran: number;
  /** Pairs skipped because they were already recorded. */
  skipped: number;
  /** Runs that failed every attempt (not in `runs`; rerunning the command retries them). */
  failed: FailedRun<P>[];
  /** Wall time of this call in seconds. */
  seconds: number;
  /** Workers seen connected to the queue (the largest count seen while waiting). */
  workers: number;
}

/** Throws unless `outDir` is new or holds a sweep with the same settings; writes its config.json. */
function writeSweepConfig<P>(
  outDir: string,
  settings: unknown,
  points: readonly SweepPoint<P>[],
  seeds: readonly number[],
) {
  mkdirSync(outDir, { recursive: true });
  const configFile = join(outDir, 'config.json');
  if (existsSync(configFile)) {
    const previous = JSON.parse(readFileSync(configFile, 'utf8')) as { settings?: unknown };
    if (JSON.stringify(previous.settings) !== JSON.stringify(settings)) {
      throw new LabError(
        `runQueueSweep: ${outDir} holds a sweep with different settings (see its config.json); resuming would mix results. Use another output folder or delete this one.`,
      );
    }
  }
  writeFileSync(
    configFile,
    `${JSON.stringify({ settings, points: points.map((p) => ({ id: p.id, ...p.point })), seeds }, null, 2)}\n`,
  );
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** What a sweep still needs: its recorded runs and the jobs of the others, by job id. */
function planQueueSweep<P>(
  config: Pick<QueueSweepConfig<P>, 'outDir' | 'points' | 'seeds' | 'settings' | 'queue'>,
) {
  const { outDir, points, seeds, queue: target } = config;
  const ids = new Set<string>();
  for (const p of points) {
    if (ids.has(p.id))
      throw new LabError(`runQueueSweep: two sweep points have the id "${p.id}"; ids must be unique.`);
    ids.add(p.id);
  }
  const settings = config.settings ?? {};
  redisConnection(target.url);
  writeSweepConfig(outDir, settings, points, seeds);
  const logFile = join(outDir, 'runs.jsonl');
  const previous = readRunLog<P>(logFile).runs.filter((r) => ids.has(r.pointId) && seeds.includes(r.seed));
  const finished = new Set(previous.map((r) => runKey(r.pointId, r.seed)));
  const sweep = sweepKey(target.kind, settings);
  const pending = new Map<string, QueueRunJob<P>>();
  for (const seed of seeds) {
    for (const p of points) {
      if (finished.has(runKey(p.id, seed))) continue;
      const job: QueueRunJob<P> = { kind: target.kind, sweep, pointId: p.id, point: p.point, seed };
      if (target.dataset !== undefined) job.dataset = target.dataset;
      pending.set(runJobId(sweep, p.id, seed), job);
    }
  }
  return { logFile, previous, pending, total: points.length * seeds.length };
}

function openQueue<P>(target: QueueTarget): Queue<QueueRunJob<P>, QueueRunResult> {
  const queue = new Queue<QueueRunJob<P>, QueueRunResult>(SWEEP_QUEUE_NAME, {
    connection: redisConnection(target.url),
    ...(target.prefix === undefined ? {} : { prefix: target.prefix }),
  });
  // ioredis retries forever; errors while Redis is away are handled where commands fail.
  queue.on('error', () => {});
  return queue;
}

/** Waits until Redis answers, or throws after `connectTimeoutMs` saying how to start it. */
async function waitForRedis(queue: Queue, target: QueueTarget): Promise<void> {
  const timeout = target.connectTimeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      queue.waitUntilReady(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new LabError(
                `Could not reach Redis at ${target.url} within ${timeout / 1000} s. Start it (e.g. redis-server --port ${new URL(target.url).port || 6379} --appendonly yes) or pass the right --queue URL.`,
              ),
            ),
          timeout,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function jobOptions(target: QueueTarget): JobsOptions {
  return {
    attempts: target.attempts ?? 3,
    backoff: { type: 'fixed', delay: target.retryDelayMs ?? 1000 },
    // Kept, so a restarted coordinator finds the return values and a second add is a no-op.
    removeOnComplete: false,
    removeOnFail: false,
  };
}

/**
 * Enqueues a sweep's unrecorded runs without waiting for them (writes its config.json); returns
 * how many it holds pending. An app with several sweeps enqueues them all first, so workers never
 * idle between them, then waits on each with {@link runQueueSweep}, which adds nothing again.
 */
export async function enqueueQueueSweep<P>(
  config: Pick<QueueSweepConfig<P>, 'outDir' | 'points' | 'seeds' | 'settings' | 'queue'>,
): Promise<number> {
  const { pending } = planQueueSweep(config);
  if (pending.size === 0) return 0;
  const queue = openQueue<P>(config.queue);
  try {
    await waitForRedis(queue, config.queue);
    await enqueue(queue, pending, jobOptions(config.queue));
  } finally {
    await queue.close().catch(() => {});
  }
  return pending.size;
}

/** Enqueues every unrecorded (point, seed) pair, waits for the workers, and records their runs. */
export async function runQueueSweep<P>(config: QueueSweepConfig<P>): Promise<QueueSweepResult<P>> {
  const start = performance.now();
  const target = config.queue;
  const { logFile, previous, pending, total } = planQueueSweep(config);
  const runs = [...previous];
  if (pending.size === 0)
    return { runs, ran: 0, skipped: previous.length, failed: [], seconds: 0, workers: 0 };
  const queue = openQueue<P>(target);
  const options = jobOptions(target);
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  const onAbort = () => stop.abort();
  config.signal?.addEventListener('abort', onAbort, { once: true });
  const bar =
    config.progress === false
      ? undefined
      : new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format:
              'queue {bar} {value}/{total} runs | running {running} | workers {workers} | elapsed {duration_formatted} | ETA {eta_formatted} | {last}',
            etaBuffer: 8,
            noTTYOutput: true,
            notTTYSchedule: 10_000,
            hideCursor: false,
          },
          cliProgress.Presets.shades_classic,
        );
  const failed: FailedRun<P>[] = [];
  let maxWorkers = 0;
  try {
    await waitForRedis(queue, target);
    const writer = createRunLogWriter(logFile);
    await enqueue(queue, pending, options);
    bar?.start(total, previous.length, {
      running: 0,
      workers: 0,
      last:
        previous.length > 0 ? `resumed, ${previous.length} already done` : `${pending.size} runs enqueued`,
    });
    const pollMs = target.pollMs ?? 1000;
    let redisDown = false;
    while (pending.size > 0 && !stop.signal.aborted) {
      try {
        let running = 0;
        for (const [jobId, data] of pending) {
          const state = await queue.getJobState(jobId);
          if (state === 'active') running++;
          if (state === 'unknown') {
            // Lost from Redis (flushed, or restarted without its AOF file): enqueue it again.
            await queue.add(data.pointId, data, { ...options, jobId });
            continue;
          }
          if (state !== 'completed' && state !== 'failed') continue;
          const job = (await queue.getJob(jobId)) as Job<QueueRunJob<P>, QueueRunResult> | undefined;
          if (!job) continue;
          pending.delete(jobId);
          if (state === 'failed') {
            failed.push({
              pointId: data.pointId,
              point: data.point,
              seed: data.seed,
              jobId,
              error: job.failedReason ?? 'unknown error',
              attempts: job.attemptsMade,
            });
            bar?.setTotal(total);
            bar?.update({
              last: `${data.pointId} seed ${data.seed} FAILED after ${job.attemptsMade} attempts`,
            });
            continue;
          }
          const result = job.returnvalue;
          const run: RunRecord<P> = {
            pointId: data.pointId,
            point: data.point,
            seed: data.seed,
            metrics: result.metrics,
            seconds: result.seconds,
            finishedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
          };
          writer.append(run);
          runs.push(run);
          bar?.update(runs.length, {
            last: `${data.pointId} seed ${data.seed}: ${result.seconds.toFixed(1)} s on ${result.worker}`,
          });
          config.onRun?.(run, runs.length, total);
        }
        const workers = await queue.getWorkersCount();
        maxWorkers = Math.max(maxWorkers, workers);
        bar?.update({ running, workers, ...(redisDown ? { last: 'Redis is back' } : {}) });
        redisDown = false;
      } catch (error) {
        // Redis restarting: keep waiting; ioredis reconnects by itself.
        redisDown = true;
        bar?.update({ last: `Redis unreachable (${(error as Error).message}); retrying` });
      }
      if (pending.size > 0) await sleep(pollMs, stop.signal);
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
    config.signal?.removeEventListener('abort', onAbort);
    bar?.stop();
    await queue.close().catch(() => {});
  }
  if (pending.size > 0) {
    throw new SweepInterruptedError(
      `Stopped waiting after ${runs.length} of ${total} runs; the other ${pending.size} stay queued in Redis and the workers go on. Run the same command again to collect them (finished runs are in ${logFile}).`,
    );
  }
  return {
    runs,
    ran: runs.length - previous.length,
    skipped: previous.length,
    failed,
    seconds: (performance.now() - start) / 1000,
    workers: maxWorkers,
  };
}

/**
 * Adds the pending runs (BullMQ ignores an id it holds already) and retries those that failed
 * every attempt in an earlier call: rerunning the coordinator is how a user asks for them again.
 */
async function enqueue<P>(
  queue: Queue<QueueRunJob<P>, QueueRunResult>,
  pending: Map<string, QueueRunJob<P>>,
  options: JobsOptions,
): Promise<void> {
  await queue.addBulk(
    [...pending].map(([jobId, data]) => ({ name: data.pointId, data, opts: { ...options, jobId } })),
  );
  for (const jobId of pending.keys()) {
    if ((await queue.getJobState(jobId)) === 'failed') await (await queue.getJob(jobId))?.retry('failed');
  }
}
