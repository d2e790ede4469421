/**
 * `steth worker --queue redis://HOST:PORT`: runs the sweep runs that
 * `steth reproduce --queue` and `steth mnist-hints --queue` enqueue on BullMQ
 * (the paper's Section 4 towers and Appendix B), on any machine with the
 * project installed. Tower runs get their dataset built here from the job's
 * rendering settings when it is missing (or use `--data`), checked against
 * the coordinator's `manifest.jsonl` hash before training. SIGTERM finishes
 * the running jobs; a second SIGTERM hands them back to the queue.
 */
import { runQueueWorker } from '@steth/lab';
import { MNIST_HINTS_JOB_KIND, workerScriptPath as mnistHintsWorkerScript } from '@steth/mnist-hints';
import {
  createTowerJobPreparer,
  workerScriptPath as reproduceWorkerScript,
  TOWER_JOB_KIND,
} from '@steth/reproduce';
import type { Command } from 'commander';

/** Options as commander hands them over. */
interface WorkerFlags {
  queue: string;
  concurrency: string;
  data?: string;
  stallSeconds: string;
  name?: string;
  queuePrefix?: string;
}

/** The checked options of `steth worker`. */
export interface WorkerOptions {
  queue: string;
  concurrency: number;
  data?: string;
  stallSeconds: number;
  name?: string;
  queuePrefix?: string;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new RangeError(`${flag} must be a positive integer, got "${text}"`);
  return n;
}

/** Checks the flags in one place. */
export function resolveWorkerOptions(flags: WorkerFlags): WorkerOptions {
  if (!/^rediss?:\/\//.test(flags.queue)) {
    throw new RangeError(`--queue must be a Redis URL such as redis://127.0.0.1:6379, got "${flags.queue}"`);
  }
  return {
    queue: flags.queue,
    concurrency: positiveInt(flags.concurrency, '--concurrency'),
    stallSeconds: positiveInt(flags.stallSeconds, '--stall-seconds'),
    ...(flags.data === undefined ? {} : { data: flags.data }),
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(flags.queuePrefix === undefined ? {} : { queuePrefix: flags.queuePrefix }),
  };
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'Run the sweep runs enqueued with `steth reproduce --queue` or `steth mnist-hints --queue` (BullMQ on Redis), until SIGTERM',
    )
    .requiredOption('--queue <url>', 'Redis URL, redis://HOST:PORT')
    .option('--concurrency <n>', 'runs at once, each in its own process', '1')
    .option(
      '--data <dir>',
      'tower dataset folder for reproduce runs (default: built under runs/worker-towers/ from the job when missing)',
    )
    .option(
      '--stall-seconds <n>',
      "seconds without a heartbeat after which a run counts as stalled and goes to another worker (BullMQ's lock duration)",
      '30',
    )
    .option('--queue-prefix <name>', "BullMQ key prefix, the coordinator's (default bull)")
    .option('--name <name>', 'worker name in logs and results (default <host>-<pid>)')
    .action(async (flags: WorkerFlags) => {
      const options = resolveWorkerOptions(flags);
      const summary = await runQueueWorker({
        url: options.queue,
        concurrency: options.concurrency,
        stallSeconds: options.stallSeconds,
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.queuePrefix === undefined ? {} : { prefix: options.queuePrefix }),
        kinds: {
          [MNIST_HINTS_JOB_KIND]: { workerScript: mnistHintsWorkerScript() },
          [TOWER_JOB_KIND]: {
            workerScript: reproduceWorkerScript(),
            prepare: createTowerJobPreparer(options.data === undefined ? {} : { dataDir: options.data }),
          },
        },
      });
      process.stderr.write(
        `worker stopped: ${summary.completed} runs done, ${summary.failed} attempts failed, ${summary.handedBack} handed back\n`,
      );
    });
}
