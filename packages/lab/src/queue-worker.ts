/**
 * A sweep worker for the queue (`steth worker`): takes run jobs from BullMQ in
 * Redis and runs each in a child process of the app's own sweep worker
 * module (the one the local pool forks), so training never blocks the event
 * loop that renews the job's lock. A worker killed mid-run loses its lock, and
 * BullMQ's stalled-job check moves the job back to the queue for another
 * worker. SIGTERM (or SIGINT) finishes the running jobs and exits; a second
 * one hands them back to the queue at once. Used for the paper's sweeps
 * (Section 4, Appendix B) on several machines.
 */
import { hostname } from 'node:os';
import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import workerpool from 'workerpool';
import { LabError } from './errors';
import { type QueueRunJob, type QueueRunResult, redisConnection, SWEEP_QUEUE_NAME } from './queue-job';
import type { SweepTask, SweepTaskResult } from './worker-host';
import { workerEnv } from './worker-process';

/** How a worker runs one kind of job (one app's runs). */
export interface QueueJobKind {
  /** Absolute path of the app's built sweep worker module (it calls `serveSweepWorker`). Required. */
  workerScript: string;
  /**
   * Readies a job before it runs, e.g. builds or checks its dataset and points the run at the
   * local copy; returns the point to run. Throw `UnrecoverableError` (from bullmq) for a fault no
   * retry can mend. Default: the job's point as it is.
   */
  prepare?: (job: QueueRunJob, log: (line: string) => void) => Promise<unknown>;
}

/** Configures {@link runQueueWorker}. */
export interface QueueWorkerConfig {
  /** Redis URL, `redis://HOST:PORT`. Required. */
  url: string;
  /** BullMQ key prefix, the coordinator's; default BullMQ's `bull`. */
  prefix?: string;
  /** The kinds of job this worker can run, by name. Required. */
  kinds: Record<string, QueueJobKind>;
  /** Runs at once (child processes); default 1. */
  concurrency?: number;
  /**
   * Seconds without a lock renewal after which a job counts as stalled and another worker takes it
   * (BullMQ's `lockDuration` and `stalledInterval`); default 30.
   */
  stallSeconds?: number;
  /** Worker name shown in logs and results; default `<host>-<pid>`. */
  name?: string;
  /** Environment of the run processes; default this process's, with `STETH_THREADS` = cores / concurrency unless set (`workerEnv`). */
  env?: NodeJS.ProcessEnv;
  /** Log lines (start, done, failed); default stderr. */
  log?: (line: string) => void;
  /** Handle SIGTERM and SIGINT (finish, then hand back on a second signal); default true. */
  handleSignals?: boolean;
  /** Stops the worker as the first SIGTERM does. */
  signal?: AbortSignal;
}

/** What a worker did before it stopped. */
export interface QueueWorkerSummary {
  completed: number;
  failed: number;
  handedBack: number;
}

/** Runs jobs until stopped (SIGTERM/SIGINT or the signal); resolves when the worker has closed. */
export async function runQueueWorker(config: QueueWorkerConfig): Promise<QueueWorkerSummary> {
  const concurrency = config.concurrency ?? 1;
  const name = config.name ?? `${hostname()}-${process.pid}`;
  const log = config.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stallMs = (config.stallSeconds ?? 30) * 1000;
  const env = config.env ?? workerEnv(concurrency);
  const pools = new Map<string, workerpool.Pool>();
  const poolOf = (kind: QueueJobKind) => {
    let pool = pools.get(kind.workerScript);
    if (!pool) {
      pool = workerpool.pool(kind.workerScript, {
        workerType: 'process',
        maxWorkers: concurrency,
        forkOpts: { env, execArgv: [] },
      });
      pools.set(kind.workerScript, pool);
    }
    return pool;
  };
  const summary: QueueWorkerSummary = { completed: 0, failed: 0, handedBack: 0 };
  let handingBack = false;
  const active = new Map<string, { job: Job<QueueRunJob, QueueRunResult>; token: string }>();

  const processor = async (
    job: Job<QueueRunJob, QueueRunResult>,
    token?: string,
  ): Promise<QueueRunResult> => {
    const data = job.data;
    const kind = config.kinds[data.kind];
    if (!kind) {
      throw new UnrecoverableError(
        `This worker cannot run "${data.kind}" jobs (it knows ${Object.keys(config.kinds).join(', ')}); update the project on this machine.`,
      );
    }
    const id = job.id ?? '?';
    active.set(id, { job, token: token ?? '' });
    log(`start ${id} (attempt ${job.attemptsMade + 1}) on ${name}`);
    try {
      const point = kind.prepare ? await kind.prepare(data, log) : data.point;
      const task: SweepTask<unknown> = { pointId: data.pointId, point, seed: data.seed };
      const result = (await poolOf(kind).exec('runTask', [task])) as SweepTaskResult;
      log(`ran ${id} in ${result.seconds.toFixed(1)} s on ${name}`);
      return { ...result, worker: name };
    } catch (error) {
      if (handingBack) {
        await job.moveToWait(token);
        summary.handedBack++;
        log(`handed back ${id}`);
        throw new WaitingError();
      }
      log(`failed ${id} on ${name}: ${(error as Error)?.message ?? String(error)}`);
      throw error;
    } finally {
      active.delete(id);
    }
  };

  const worker = new Worker<QueueRunJob, QueueRunResult>(SWEEP_QUEUE_NAME, processor, {
    connection: redisConnection(config.url, { worker: true }),
    ...(config.prefix === undefined ? {} : { prefix: config.prefix }),
    concurrency,
    name,
    lockDuration: stallMs,
    stalledInterval: stallMs,
    autorun: false,
  });
  // Logged when BullMQ has recorded the completion (a run whose lock was lost is not).
  worker.on('completed', (job) => {
    summary.completed++;
    log(`done ${job.id} on ${name}`);
  });
  worker.on('failed', () => summary.failed++);
  let lastError = '';
  worker.on('error', (error) => {
    // Redis restarting shows up here; the worker reconnects by itself. Say it once, not every retry.
    if (error.message !== lastError) log(`redis: ${error.message}`);
    lastError = error.message;
  });
  worker.on('ready', () => {
    if (lastError !== '') log('redis: connected again');
    lastError = '';
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    if (closing) {
      if (!handingBack && active.size > 0) {
        handingBack = true;
        log(`handing back ${active.size} running job(s) to the queue`);
        for (const pool of pools.values()) void pool.terminate(true);
      }
      return closing;
    }
    log(
      active.size > 0
        ? `finishing ${active.size} running job(s), then stopping; signal again to hand them back to the queue`
        : 'stopping',
    );
    closing = worker.close();
    return closing;
  };
  const onSignal = () => void close();
  if (config.handleSignals !== false) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  config.signal?.addEventListener('abort', onSignal, { once: true });

  const slow = setTimeout(() => log(`waiting for Redis at ${config.url}`), 5000);
  try {
    await worker.waitUntilReady();
  } catch (error) {
    await worker.close(true).catch(() => {});
    throw new LabError(
      `Could not reach Redis at ${config.url}: ${(error as Error).message}. Start it or pass the right --queue URL.`,
      { cause: error },
    );
  } finally {
    clearTimeout(slow);
  }
  log(
    `worker ${name}: ${concurrency} at a time, kinds ${Object.keys(config.kinds).join(', ')}, waiting for jobs`,
  );
  try {
    await worker.run();
    await closing;
  } finally {
    if (config.handleSignals !== false) {
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
    }
    await Promise.all([...pools.values()].map((p) => p.terminate()));
  }
  return summary;
}
