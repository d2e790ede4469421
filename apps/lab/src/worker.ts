export type { SweepTask, SweepTaskFunction, SweepTaskResult } from './worker-host';
export { serveSweepWorker } from './worker-host';
