/**
 * The worker side of a sweep: a module started in a worker process by
 * {@link runSweep} calls `serveSweepWorker(fn)` once at its top level; `fn`
 * runs one (point, seed) pair, reports each finished epoch through its
 * context (the parent's progress bar counts epochs), and returns its
 * metrics. A worker whose parent is gone (killed, or its IPC channel
 * closed) exits quietly at once or at the next epoch, never printing a
 * stack or an EPIPE error onto the user's terminal.
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

/** The progress message a worker sends after each epoch of a task. */
export interface SweepEpochMessage {
  type: 'epoch';
  /** Epochs finished (1-based). */
  epoch: number;
  /** Epochs of the run. */
  epochs: number;
  /** Wall time of this epoch (s). */
  seconds: number;
}

/** What a task function gets besides its point and seed. */
export interface SweepTaskContext {
  /** Call at the end of each epoch: reports progress to the parent, and exits if the parent is gone. */
  onEpoch(epoch: number, epochs: number): void;
}

/** Runs one (point, seed) pair and returns its metrics by name. */
export type SweepTaskFunction<P> = (
  point: P,
  seed: number,
  context: SweepTaskContext,
) => Promise<Record<string, number>> | Record<string, number>;

/** How often a worker checks that its parent is alive while the event loop turns (ms). */
const PARENT_CHECK_MS = 1000;

/** Whether the process that started this one is gone (we were re-parented, or the IPC channel closed). */
export function parentGone(parentPid: number): boolean {
  return process.ppid !== parentPid || (process.send !== undefined && !process.connected);
}

/** Exits this worker without a word: nobody is left to read it. */
function leaveQuietly(): never {
  process.exit(0);
}

/** Serves `run` to the sweep's parent process. Call once, at the worker module's top level. */
export function serveSweepWorker<P>(run: SweepTaskFunction<P>): void {
  const parentPid = process.ppid;
  // A write to a closed pipe or IPC channel would otherwise be an unhandled 'error' event with a stack.
  const onWriteError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_IPC_CHANNEL_CLOSED' || parentGone(parentPid))
      leaveQuietly();
    throw error;
  };
  process.on('error', onWriteError);
  process.stdout.on('error', onWriteError);
  process.stderr.on('error', onWriteError);
  process.on('disconnect', leaveQuietly);
  setInterval(() => {
    if (parentGone(parentPid)) leaveQuietly();
  }, PARENT_CHECK_MS).unref();
  workerpool.worker({
    async runTask(task: SweepTask<P>): Promise<SweepTaskResult> {
      const start = performance.now();
      let epochStart = start;
      const context: SweepTaskContext = {
        onEpoch(epoch, epochs) {
          // Training may hold the event loop for a whole run: check here too.
          if (parentGone(parentPid)) leaveQuietly();
          const now = performance.now();
          const message: SweepEpochMessage = {
            type: 'epoch',
            epoch,
            epochs,
            seconds: (now - epochStart) / 1000,
          };
          epochStart = now;
          workerpool.workerEmit(message);
        },
      };
      const metrics = await run(task.point, task.seed, context);
      return { metrics, seconds: (performance.now() - start) / 1000 };
    },
  });
}
