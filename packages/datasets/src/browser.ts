/**
 * The browser build of `@steth/datasets`: what a bundler targeting browsers
 * (the `browser` export condition: Vite, webpack, esbuild
 * `platform=browser`) gets for `import ... from '@steth/datasets'`. It holds
 * the data code that touches no file: MNIST with planted hints (Appendix B)
 * over bytes the app supplies, image transforms, the seeded RNG and
 * ShapeStacks scenario names. The file readers (`loadMnist`, `readIdxFile`,
 * `readShapeStacks`, `towerBatches`, the image cache, PNG files) need Node
 * and are only in the Node build.
 */
export { DatasetError } from './dataset-error';
export type { PixelScale, RgbImage, TowerAugmentation } from './image-transforms';
export {
  addNoise,
  flipHorizontal,
  jitterColors,
  preprocessImage,
  resizeImage,
  scalePixels,
} from './image-transforms';
export { MnistFormatError } from './mnist-format-error';
export type { BatchOptions, MnistHintsBatch, MnistHintsConfig, MnistHintsDataset } from './mnist-hints';
export { createHintPatterns, createMnistHints, HINT_BORDER, PIXEL_HINT_CLASSES } from './mnist-hints';
export type { MnistSplit } from './mnist-split';
export { MNIST_CLASSES, MNIST_PIXELS, MNIST_SIDE } from './mnist-split';
export type { Rng } from './random';
export { createRng, shuffleInPlace } from './random';
export type { ScenarioName } from './scenario-name';
export { formatScenarioName, isGloballyStable, parseScenarioName } from './scenario-name';
