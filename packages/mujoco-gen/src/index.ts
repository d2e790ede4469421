/**
 * @steth/mujoco-gen: block towers for stability prediction (Section 4 of the
 * paper, after ShapeStacks), sampled to order for the four categories,
 * labelled, checked in MuJoCo and written in the ShapeStacks layout. The
 * ray caster that draws their images is the `@steth/mujoco-gen/render`
 * entry.
 */
export type { DatasetConfig } from './dataset-config';
export { DATASET_CONFIG_VERSION, datasetConfigDifferences, readDatasetConfig } from './dataset-config';
export { difficultyOf, imageFileName, layout, scenarioNameOf } from './dataset-layout';
export { InvalidTowerOptionError, PhysicsError, TowerGenError } from './errors';
export type {
  ContactSheetHook,
  GenerateTowersOptions,
  GenerateTowersResult,
  TowerProgress,
  TowerRenderModule,
} from './generate-towers';
export { ensureWritableFolder, generateTowers, planTower, resolveGenerateOptions } from './generate-towers';
export type { ManifestObject, ManifestRecord, ManifestSimulation, RejectedTower } from './manifest';
export type { MjcfConfig } from './mjcf-writer';
export { towerToMjcf } from './mjcf-writer';
export type { MujocoModule } from './mujoco-loader';
export { loadMujoco } from './mujoco-loader';
export type { PlanarRegion, Vec2 } from './planar-region';
export {
  clipPolygons,
  containsPoint,
  intersectRegions,
  ON_BOUNDARY_TOLERANCE,
  polygonArea,
  rectangle,
  signedDistance,
} from './planar-region';
export type { Random } from './random';
export { createRandom, deriveSeed } from './random';
export type { ScenarioName } from './scenario-name';
export { formatScenarioName, isGloballyStable, parseScenarioName } from './scenario-name';
export type { InterfaceLabel, TowerCategory, TowerLabels } from './stability-labels';
export { labelTower, supportRegion, TOWER_CATEGORIES } from './stability-labels';
export { bottomContact, interfaceRegion, lyingAxis, topFace } from './support-region';
export type { ObjectShape, Quaternion, Rgb, TowerObject, Vec3 } from './tower';
export {
  centreOfMass,
  DENSITY,
  hasFlatTop,
  multiplyQuaternions,
  objectHeight,
  objectQuaternion,
  objectVolume,
  PRIMARY_COLORS,
} from './tower';
export type { TowerImage, TowerImageRequest, TowerJobResult, TowerRenderer, TowerTask } from './tower-job';
export { runTowerTask } from './tower-job';
export type { SampledTower, TowerRequest, TowerSamplerConfig, TowerScene } from './tower-sampler';
export { MIN_HEIGHT, sampleTower, validateTowerRequest } from './tower-sampler';
export type { SimulationConfig, SimulationOutcome } from './tower-simulation';
export { simulateTower } from './tower-simulation';
