/**
 * What an app's sweep needs to start its worker processes: where the app's
 * built worker module is, and the environment each worker gets (the cores
 * split between the processes through `STETH_THREADS`). Used by the local
 * pool ({@link runSweep}) and by the queue worker alike, so both start the
 * same workers with the same thread count.
 */
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Path of an app's built worker module `dist/<script>` (default `worker.js`),
 * from the `import.meta.url` of one of the app's own modules: a module built
 * into `dist/` finds it beside itself; a module run from `src/` (tests, tsx)
 * finds it in the `dist/` next to `src/`.
 */
export function workerScriptPath(moduleUrl: string, script = 'worker.js'): string {
  const here = dirname(fileURLToPath(moduleUrl));
  return basename(here) === 'src' ? join(here, '..', 'dist', script) : join(here, script);
}

/** Kernel threads of each of `workers` processes: the cores split between them, at least one each. */
export function workerThreads(workers: number, cores: number = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / workers));
}

/**
 * Environment of `workers` worker processes: `env` (default this process's)
 * with `STETH_THREADS` set to {@link workerThreads} unless `env` already sets it.
 */
export function workerEnv(workers: number, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, STETH_THREADS: env.STETH_THREADS ?? String(workerThreads(workers)) };
}
