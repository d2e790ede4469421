export type { MlpConfig } from './mlp';
export { createMlp } from './mlp';
export type {
  HintImageEncoderConfig,
  HintOneHotNetConfig,
  HintPixelsNetConfig,
} from './mnist-hints-nets';
export {
  applyHintImageEncoder,
  applyScalarHintEncoder,
  createHintOneHotNet,
  createHintPixelsNet,
  HINT_ENCODING_LAYER,
  hintScale,
  IMAGE_ENCODING_LAYER,
  PIXEL_HINT_TAP_LAYER,
  registerScalarScale,
  ScalarScale,
} from './mnist-hints-nets';
