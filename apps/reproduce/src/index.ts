export { registerReproduceCommand, resolveReproduceOptions } from './command';
export { allTowersSettings, FIGURES, figurePoints, runCost, sweepPoints, towerPoint } from './figure-points';
export type { FigureReport } from './figure-reports';
export { agreesWithPaper, FIG3_AGREEMENT, figureReport } from './figure-reports';
export type { Finding, FindingId } from './findings';
export {
  CLEAR_GAP,
  checkFindings,
  EASY_KEPT,
  EASY_TARGET,
  LEARNED_ACCURACY,
  probeCurve,
  RECOVERY_TOLERANCE,
} from './findings';
export type { FeedOptions, FrozenFeatures } from './frozen-features';
export { computeFrozenFeatures } from './frozen-features';
export { headOptimizer } from './head-fitting';
export { PROBE_TASKS, runProbes } from './probes';
export type { Profile, ProfileName } from './profiles';
export { allTowersDataDir, getProfile, moduleEndPoints, PROFILES } from './profiles';
export type { TowerDatasetSpec, TowerJobPreparerOptions } from './queue-job';
export { createTowerJobPreparer, manifestSha256, TOWER_JOB_KIND } from './queue-job';
export { runRecovery } from './recovery';
export type { Measure, ResultPoint } from './results';
export { resultPointsCsv, toResultPoints, writeResultPoints } from './results';
export type { FigureResult, ReproductionOptions, ReproductionResult } from './run-reproduction';
export { profileWithOptions, runReproduction, workerScriptPath } from './run-reproduction';
export type {
  AdamSettings,
  FigureName,
  OptimizerSettings,
  PointStethoscope,
  ProbeSettings,
  RmsPropSettings,
  RunSettings,
  TowerFraming,
  TowerMetrics,
  TowerPoint,
  TowerTask,
  TrainSplit,
} from './settings';
export { CATEGORIES, pointId } from './settings';
export type { TowerDataOptions, TowerDataResult } from './towers-data';
export { cameraIndices, checkExtendedDataset, ensureTowers, RENDERING_FILE } from './towers-data';
export type { MainOptimizer } from './train-run';
export {
  mainOptimizer,
  overallAccuracy,
  pointLabel,
  runTowerTrial,
  splitTrainingExamples,
  summariseCategories,
} from './train-run';
