import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readShapeStacks } from '../src/shapestacks-reader';
import { type TowerBatchOptions, towerBatches } from '../src/tower-batches';
import { collectBatches, FIXTURE_TOWERS, fixtureColor, writeTowerFixture } from './tower-fixture';

const root = writeTowerFixture({ size: 8 });
afterAll(() => rmSync(root, { recursive: true }));
const { examples } = readShapeStacks({ root, split: 'default', subset: 'train' });

const collect = (options: TowerBatchOptions) => collectBatches(examples, options);

describe('towerBatches', () => {
  it('yields every example once per epoch, with pixels and labels that belong together', async () => {
    const batches = await collect({ batchSize: 3, imageSize: 4, workers: 0 });
    expect(batches.map((b) => b.size)).toEqual([3, 3, 2]);
    const seen = batches.flatMap((b) => b.examples.map((e) => e.imagePath)).sort();
    expect(seen).toEqual(examples.map((e) => e.imagePath).sort());
    for (const batch of batches) {
      expect(batch.images).toHaveLength(batch.size * 4 * 4 * 3);
      batch.examples.forEach((e, k) => {
        const t = FIXTURE_TOWERS.findIndex((f) => f.scenario === e.scenario);
        const [r, g, b] = fixtureColor(t, e.camera);
        const p = k * 48;
        expect([batch.images[p], batch.images[p + 1], batch.images[p + 2]]).toEqual([r, g, b]);
        expect(batch.globalLabels[k]).toBe(e.globalLabel);
        expect(batch.localLabels![k]).toBe(e.localLabel);
        expect(batch.categories![k]).toBe(e.category);
      });
    }
  });

  it('gives the same batches for a seed whatever the number of workers', async () => {
    const options = { batchSize: 4, imageSize: 6, seed: 3, augment: { flipProbability: 0.5, noiseStd: 4 } };
    const inline = await collect({ ...options, workers: 0 });
    const threaded = await collect({ ...options, workers: 2 });
    expect(threaded.map((b) => b.examples.map((e) => e.imagePath))).toEqual(
      inline.map((b) => b.examples.map((e) => e.imagePath)),
    );
    threaded.forEach((b, i) => {
      expect(b.images).toEqual(inline[i]!.images);
    });
    const otherEpoch = await collect({ ...options, workers: 0, epoch: 1 });
    expect(otherEpoch.map((b) => b.examples.map((e) => e.imagePath))).not.toEqual(
      inline.map((b) => b.examples.map((e) => e.imagePath)),
    );
  });

  it('scales pixels to [0, 1] on request and drops the remainder when asked', async () => {
    const batches = await collect({
      batchSize: 3,
      imageSize: 4,
      workers: 0,
      scale: 'unit',
      dropRemainder: true,
    });
    expect(batches).toHaveLength(2);
    expect(Math.max(...batches[0]!.images)).toBeLessThanOrEqual(1);
  });

  it('fails naming the file when an image is corrupt, from a worker too', async () => {
    const broken = readShapeStacks({ root, split: 'default', subset: 'train' }).examples;
    writeFileSync(broken[0]!.imagePath, 'not a png');
    const run = async (workers: number) => {
      for await (const _ of towerBatches(broken, { batchSize: 8, imageSize: 4, workers, shuffle: false })) {
        // drain
      }
    };
    await expect(run(0)).rejects.toThrow(/rgb-.*cam_1-mono-0\.png is not a readable PNG/);
    await expect(run(1)).rejects.toThrow(/rgb-.*cam_1-mono-0\.png is not a readable PNG/);
  });

  it('rejects bad options before any work', async () => {
    await expect(collect({ batchSize: 0, imageSize: 4 })).rejects.toThrow(
      /batchSize must be an integer >= 1, got 0/,
    );
  });
});
