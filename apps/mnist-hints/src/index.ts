export { registerMnistHintsCommand, resolveCommandOptions } from './command';
export type { Finding } from './findings';
export { checkFindings, FOLLOWS_HINT, NO_GAIN_MARGIN } from './findings';
export type { Profile, ProfileName } from './profiles';
export { getProfile, PROFILES, profilePoints } from './profiles';
export type { MnistHintsOptions, MnistHintsResult } from './run-experiment';
export {
  failedRunLines,
  MNIST_HINTS_JOB_KIND,
  resolvePoints,
  runMnistHints,
  workerScriptPath,
} from './run-experiment';
export type { MnistHintsMetrics, MnistHintsPoint, OptimizerSettings, RunSettings } from './settings';
export { pointId } from './settings';
export type { SweepReport } from './sweep-report';
export { writeSweepReport } from './sweep-report';
export { createOptimizer, createRunData, runTrial } from './train-run';
