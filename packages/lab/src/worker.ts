export type { TrialContext, TrialFunction, TrialWorkerOptions } from './trial-worker';
export { serveTrialWorker } from './trial-worker';
export type {
  SweepEpochMessage,
  SweepTask,
  SweepTaskContext,
  SweepTaskFunction,
  SweepTaskResult,
} from './worker-host';
export { parentGone, serveSweepWorker } from './worker-host';
