/**
 * The whole worker module of an experiment app: `serveTrialWorker(runTrial)`
 * activates the TensorFlow.js backend once per worker process (the fastest
 * one @steth/core's `loadBackend` finds, or `STETH_BACKEND`'s), then serves
 * the app's trial function to the sweep's pool through
 * {@link serveSweepWorker}. The app keeps only its trial.
 */
import { type BackendReport, loadBackend } from '@steth/core/node';
import { type SweepTaskContext, serveSweepWorker } from './worker-host';

/** What a trial gets besides its point and seed. */
export interface TrialContext extends SweepTaskContext {
  /** The backend this worker process activated before its first trial (the same for every trial). */
  backend: BackendReport;
}

/**
 * One training run of an app: a (point, seed) pair to metrics by name. Any
 * object whose fields are all numbers will do (an interface of metrics too).
 */
export type TrialFunction<P, M extends { [K in keyof M]: number }> = (
  point: P,
  seed: number,
  context: TrialContext,
) => Promise<M> | M;

/** Configures {@link serveTrialWorker}. */
export interface TrialWorkerOptions {
  /**
   * Folders to resolve the optional native backend packages from, e.g. the
   * app's own folder, so `@steth/tfjs-backend-native` is found wherever the
   * worker is started. Default: `loadBackend`'s (the working directory, the
   * worker script's folder, then @steth/core's).
   */
  resolveFrom?: string[];
}

/**
 * Serves `runTrial` to the sweep's parent process; call once, at the top
 * level of the app's worker module. The backend is loaded before the first
 * trial, once per process, and a failure to load it fails that trial (and
 * every later one) with the loader's error.
 */
export function serveTrialWorker<P, M extends { [K in keyof M]: number }>(
  runTrial: TrialFunction<P, M>,
  options: TrialWorkerOptions = {},
): void {
  let backend: Promise<BackendReport> | undefined;
  serveSweepWorker<P>(async (point, seed, context) => {
    backend ??= loadBackend(options.resolveFrom === undefined ? {} : { resolveFrom: options.resolveFrom });
    const report = await backend;
    const metrics: Record<string, number> = {
      ...(await runTrial(point, seed, { ...context, backend: report })),
    };
    return metrics;
  });
}
