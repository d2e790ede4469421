/**
 * The playground's data asset and training module in Node (tfjs cpu): the
 * asset holds real MNIST (the first test label of MNIST is a 7), and one
 * epoch of variant 2 on a small subset reports the Fig. 9 figures as
 * fractions with the digit grid's samples, hint pixels drawn in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { parseMnistAsset } from '../src/mnist-asset';
import { createTrainingRun } from '../src/training';

const asset = join(import.meta.dirname, '..', 'public', 'mnist-subset.bin');
let buffer: ArrayBuffer;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const bytes = readFileSync(asset);
  buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
});

it('reads real MNIST back from the build-time asset', () => {
  const all = parseMnistAsset(buffer);
  expect([all.train.count, all.test.count]).toEqual([10_000, 2_000]);
  // MNIST's first training labels are 5 0 4 1 9, its first test labels 7 2 1 0 4.
  expect(Array.from(all.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
  expect(Array.from(all.test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  const some = parseMnistAsset(buffer, 300, 50);
  expect([some.train.count, some.test.count, some.train.images.length]).toEqual([300, 50, 300 * 784]);
  expect(() => parseMnistAsset(new ArrayBuffer(16))).toThrow(/not the playground's MNIST asset/);
});

it('one epoch of variant 2 reports the three figures and the digit samples', () => {
  const data = parseMnistAsset(buffer, 256, 100);
  const run = createTrainingRun(data, { variant: 2, qh: 1, lambda: -1 });
  try {
    expect(run.batchesPerEpoch).toBe(4);
    const finished = [run.step(), run.step(), run.step(), run.step()];
    expect(finished).toEqual([false, false, false, true]);
    const report = run.evaluate();
    expect(report.epoch).toBe(1);
    for (const v of [report.trueAccuracy, report.hintAgreement, report.stethoscopeAccuracy]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(Number.isFinite(report.trainLoss)).toBe(true);
    expect(report.samples).toHaveLength(24);
    expect(report.samples[0]!.label).toBe(7);
    // Variant 2 draws 12 hint pixels in the empty border: the sample shows them.
    const border = [...report.samples[0]!.pixels].filter((v, p) => {
      const row = Math.floor(p / 28);
      const col = p % 28;
      return v === 255 && (row < 4 || row >= 24 || col < 4 || col >= 24);
    });
    expect(border.length).toBe(12);
  } finally {
    run.dispose();
  }
});
