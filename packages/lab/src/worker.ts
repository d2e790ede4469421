export type {
  SweepEpochMessage,
  SweepTask,
  SweepTaskContext,
  SweepTaskFunction,
  SweepTaskResult,
} from './worker-host';
export { parentGone, serveSweepWorker } from './worker-host';
