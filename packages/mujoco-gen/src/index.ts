export { isTemporaryFile, writeFileAtomic } from './atomic-write';
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
export type { RenderStats } from './render/antialias';
export { drawText, GLYPH_CELL, measureText } from './render/bitmap-font';
export type { Camera, CameraBasis } from './render/camera';
export { CAMERAS, cameraBasis, lookAtCamera, projectPoint } from './render/camera';
export { closeUpCamera } from './render/close-up-camera';
export type { ContactSheetOptions, ContactSheetTile } from './render/contact-sheet';
export { composeContactSheet } from './render/contact-sheet';
export type { RayHit } from './render/intersect';
export { intersectObject } from './render/intersect';
export type { DirectionalLight } from './render/lights';
export { LIGHTS } from './render/lights';
export type { PngOptions } from './render/png';
export { decodePng, encodePng, writePngAtomic } from './render/png';
export { RenderError } from './render/render-error';
export type { RenderOptions } from './render/render-options';
export type { RenderableTower, TowerView, TowerViewRequest } from './render/render-tower';
export { renderTower, renderTowerCloseUp } from './render/render-tower';
export type { Renderer } from './render/renderer';
export { createRenderer, renderScene } from './render/renderer';
export type { RenderedImage, RenderObject, RenderScene, RenderShape } from './render/scene';
export { validateScene } from './render/scene';
export { FLOOR_TEXTURES, WALL_TEXTURES } from './render/textures';
export { towerBoundingSphere } from './render/tower-bounding-sphere';
export type { ContactSheetRecord, TowerContactSheetInput } from './render/tower-contact-sheet';
export { writeTowerContactSheet } from './render/tower-contact-sheet';
export { WORLD } from './render/world';
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
