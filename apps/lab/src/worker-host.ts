/**
 * The worker side of a sweep: a module started in a worker process by
 * {@link runSweep} calls `serveSweepWorker(fn)` once at its top level; `fn`
 * runs one (point, seed) pair and returns its metrics.
 */
import workerpool from 'workerpool';

/** One (point, seed) pair sent to a worker. */
export interface SweepTask<P> {
  pointId: string;
  point: P;
  seed: number;
}

/** What a worker returns for a task. */
export interface SweepTaskResult {
  metrics: Record<string, number>;
  seconds: number;
}

/** Runs one (point, seed) pair and returns its metrics by name. */
export type SweepTaskFunction<P> = (
  point: P,
  seed: number,
) => Promise<Record<string, number>> | Record<string, number>;

/** Serves `run` to the sweep's parent process. Call once, at the worker module's top level. */
export function serveSweepWorker<P>(run: SweepTaskFunction<P>): void {
  workerpool.worker({
    async runTask(task: SweepTask<P>): Promise<SweepTaskResult> {
      const start = performance.now();
      const metrics = await run(task.point, task.seed);
      return { metrics, seconds: (performance.now() - start) / 1000 };
    },
  });
}
