export { DatasetError, MnistFormatError } from './errors';
export type { IdxData } from './idx-file';
export { readIdxFile } from './idx-file';
export type { MnistConfig, MnistSplit } from './mnist';
export { defaultMnistDir, loadMnist, MNIST_CLASSES, MNIST_PIXELS, MNIST_SIDE } from './mnist';
export type { BatchOptions, MnistHintsBatch, MnistHintsConfig, MnistHintsDataset } from './mnist-hints';
export { createHintPatterns, createMnistHints, HINT_BORDER, PIXEL_HINT_CLASSES } from './mnist-hints';
export type { Rng } from './random';
export { createRng, shuffleInPlace } from './random';
