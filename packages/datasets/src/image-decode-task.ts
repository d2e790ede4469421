/** One image's work in the tower batch stream: read, decode, augment, resize, scale. Runs in a worker or inline. */
import type { ImageCache } from './image-cache';
import { type PixelScale, preprocessImage, type TowerAugmentation } from './image-transforms';
import { readPng } from './png-image';
import { createRng } from './random';

export interface DecodeTask {
  file: string;
  size: number;
  scale: PixelScale;
  augment?: TowerAugmentation;
  /** Seed of this image's augmentation draws, so results do not depend on which worker ran it. */
  seed: number;
}

/** `cache` (calling thread only) serves images decoded before. */
export function decodeAndPreprocess(task: DecodeTask, cache?: ImageCache): Float32Array {
  const image = cache ? cache.read(task.file) : readPng(task.file);
  const rng = task.augment ? createRng(task.seed) : undefined;
  return preprocessImage(image, task.size, { augment: task.augment, scale: task.scale, rng }).data;
}
