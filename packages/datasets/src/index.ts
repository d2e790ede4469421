export { DatasetError } from './dataset-error';
export type { IdxData } from './idx-file';
export { readIdxFile } from './idx-file';
export type { ImageCache, ImageCacheStats } from './image-cache';
export { createImageCache } from './image-cache';
export type { PixelScale, RgbImage, TowerAugmentation } from './image-transforms';
export {
  addNoise,
  flipHorizontal,
  jitterColors,
  preprocessImage,
  resizeImage,
  scalePixels,
} from './image-transforms';
export type { MnistConfig, MnistSplit } from './mnist';
export { defaultMnistDir, loadMnist, MNIST_CLASSES, MNIST_PIXELS, MNIST_SIDE } from './mnist';
export { MnistFormatError } from './mnist-format-error';
export type { BatchOptions, MnistHintsBatch, MnistHintsConfig, MnistHintsDataset } from './mnist-hints';
export { createHintPatterns, createMnistHints, HINT_BORDER, PIXEL_HINT_CLASSES } from './mnist-hints';
export { decodePng, readPng } from './png-image';
export type { Rng } from './random';
export { createRng, shuffleInPlace } from './random';
export type { ScenarioName } from './scenario-name';
export { formatScenarioName, isGloballyStable, parseScenarioName } from './scenario-name';
export type {
  ShapeStacksReaderOptions,
  ShapeStacksSplit,
  TowerExample,
  TowerManifestEntry,
} from './shapestacks-reader';
export { ORIGIN_CLASSES, readShapeStacks, readTowerManifest } from './shapestacks-reader';
export type { TowerBatch, TowerBatchOptions } from './tower-batches';
export { towerBatches } from './tower-batches';
export type { TowerCategory } from './tower-category';
export { EASY_CATEGORIES, HARD_CATEGORIES, isEasyCategory, TOWER_CATEGORIES } from './tower-category';
