import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createImageCache } from '../src/image-cache';
import { readShapeStacks } from '../src/shapestacks-reader';
import type { TowerBatchOptions } from '../src/tower-batches';
import { collectBatches, writeTowerFixture } from './tower-fixture';

const root = writeTowerFixture({ size: 8 });
afterAll(() => rmSync(root, { recursive: true }));
const { examples } = readShapeStacks({ root, split: 'default', subset: 'train' });
const PIXEL_BYTES = 8 * 8 * 3;

const collect = (options: TowerBatchOptions) => collectBatches(examples, options);

describe('createImageCache', () => {
  it('serves later epochs from memory with the same pixels, even when augmentations flip them', async () => {
    const options = { batchSize: 3, imageSize: 6, workers: 0, seed: 5, augment: { flipProbability: 0.5 } };
    const imageCache = createImageCache();
    for (const epoch of [0, 1, 2]) {
      const plain = await collect({ ...options, epoch });
      const cached = await collect({ ...options, epoch, imageCache });
      expect(cached.map((b) => Array.from(b.images))).toEqual(plain.map((b) => Array.from(b.images)));
    }
    expect(imageCache.stats()).toEqual({
      hits: 2 * examples.length,
      misses: examples.length,
      images: examples.length,
      bytes: examples.length * PIXEL_BYTES,
    });
  });

  it('stops holding images at its byte budget and still returns every image', async () => {
    const imageCache = createImageCache({ maxBytes: 2 * PIXEL_BYTES + 1 });
    await collect({ batchSize: 4, imageSize: 8, workers: 0, imageCache });
    await collect({ batchSize: 4, imageSize: 8, workers: 0, imageCache, epoch: 1 });
    expect(imageCache.stats()).toEqual({
      hits: 2,
      misses: 2 * examples.length - 2,
      images: 2,
      bytes: 2 * PIXEL_BYTES,
    });
    imageCache.clear();
    expect(imageCache.stats().images).toBe(0);
  });

  it('names a corrupt file, and is refused with decoding workers or a bad budget', async () => {
    expect(() => createImageCache({ maxBytes: -1 })).toThrow(/maxBytes must be a number >= 0, got -1/);
    await expect(
      collect({ batchSize: 4, imageSize: 8, workers: 1, imageCache: createImageCache() }),
    ).rejects.toThrow(/imageCache needs workers: 0 \(worker threads cannot share it\), got workers: 1/);
    writeFileSync(examples[0]!.imagePath, 'not a png');
    const imageCache = createImageCache();
    expect(() => imageCache.read(examples[0]!.imagePath)).toThrow(/cam_1-mono-0\.png is not a readable PNG/);
  });
});
