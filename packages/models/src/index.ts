export { createInceptionV4, inceptionV4EndPoints } from './inception-v4';
export type {
  InceptionV4Config,
  InceptionV4GridSizes,
  ResolvedInceptionV4Config,
} from './inception-v4-config';
export {
  INCEPTION_V4_DEFAULTS,
  inceptionV4GridSizes,
  inceptionV4MinInputSize,
  MAX_BLOCKS_PER_STAGE,
  resolveInceptionV4Config,
} from './inception-v4-config';
export { INCEPTION_V4_PRESETS, inceptionV4Model, inceptionV4SmallModel } from './inception-v4-presets';
export type { MlpConfig } from './mlp';
export { createMlp, mlpModel } from './mlp';
export type {
  HintImageEncoderConfig,
  HintOneHotNetConfig,
  HintPixelsNetConfig,
} from './mnist-hints-nets';
export {
  createHintOneHotNet,
  createHintPixelsNet,
  HINT_ENCODING_LAYER,
  hintScale,
  IMAGE_ENCODING_LAYER,
  mnistHintsOneHotModel,
  mnistHintsPixelsModel,
  PIXEL_HINT_TAP_LAYER,
  registerScalarScale,
  ScalarScale,
} from './mnist-hints-nets';
export type { ModelDefinition, ModelTap } from './model-definition';
export { defineModel } from './model-definition';
export type { ModelCost } from './model-flops';
export { countModelCost } from './model-flops';
export type { CreatedModel, ModelConfig, ModelListing, ModelName } from './model-registry';
export {
  createModel,
  createModelFromDefinition,
  listModels,
  MODEL_DEFINITIONS,
  tapsOf,
} from './model-registry';
export type { TowerCnnConfig } from './tower-cnn';
export { createTowerCnn, TOWER_CNN_STAGES, towerCnnModel } from './tower-cnn';
