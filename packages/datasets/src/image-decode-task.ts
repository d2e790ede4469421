/** One image's work in the tower batch stream: read, decode, augment, resize, scale. Runs in a worker or inline. */
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

export function decodeAndPreprocess(task: DecodeTask): Float32Array {
  const image = readPng(task.file);
  const rng = task.augment ? createRng(task.seed) : undefined;
  return preprocessImage(image, task.size, { augment: task.augment, scale: task.scale, rng }).data;
}
