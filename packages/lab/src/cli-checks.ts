/**
 * Option and environment checks the command-line tools share: a worker
 * count the machine can run, and a `STETH_THREADS` that the native backend
 * accepts (a bad one would otherwise make the backend loader fall back to
 * the slow `cpu` backend without a word).
 */
import { availableParallelism } from 'node:os';

/** Throws a RangeError unless `workers` is at most the number of cores here. */
export function checkWorkerCount(workers: number | undefined, flag = '--workers'): void {
  if (workers === undefined) return;
  const cores = availableParallelism();
  if (workers > cores) {
    throw new RangeError(
      `${flag} ${workers} is more than the ${cores} cores of this machine; use at most ${cores}.`,
    );
  }
}

/** Throws a RangeError if `STETH_THREADS` is set but is not a positive integer. */
export function checkThreadsEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  const raw = env.STETH_THREADS;
  if (raw === undefined || raw === '') return;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) {
    throw new RangeError(
      `$STETH_THREADS is "${raw}"; expected a positive integer number of kernel threads. Unset it to use every core.`,
    );
  }
}
