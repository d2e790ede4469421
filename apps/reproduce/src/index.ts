export { registerReproduceCommand, resolveReproduceOptions } from './command';
export type { Finding } from './findings';
export { CLEAR_GAP, checkFindings, LEARNED_ACCURACY } from './findings';
export type { Profile, ProfileName } from './profiles';
export { getProfile, PROFILES } from './profiles';
export type { ResultPoint } from './results';
export { toResultPoints, writeResultPoints } from './results';
export type { FigureResult, ReproductionOptions, ReproductionResult } from './run-reproduction';
export { FIG3_AGREEMENT, FIGURES, figurePoints, runReproduction, workerScriptPath } from './run-reproduction';
export type {
  FigureName,
  RmsPropSettings,
  RunSettings,
  TowerMetrics,
  TowerPoint,
  TrainSplit,
} from './settings';
export { CATEGORIES, pointId } from './settings';
export type { TowerDataOptions, TowerDataResult } from './towers-data';
export { cameraIndices, ensureTowers, rendererModuleUrl } from './towers-data';
export type { DecayingRmsProp } from './train-run';
export {
  decayingRmsProp,
  pointLabel,
  runTowerTrial,
  splitTrainingExamples,
  summariseHits,
} from './train-run';
