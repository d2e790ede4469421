/**
 * `generateTowers` with the built-in renderer: `render: {}` (no module path)
 * loads the package's own `./render` entry, in this thread and in worker
 * threads, and the images it writes are exactly `renderTower`'s. Both paths
 * import the built module, so this needs `pnpm build` first (as the worker
 * thread always does).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng as decodeRgb } from '@steth/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTowers } from './generate-towers';
import type { ManifestRecord } from './manifest';
import { rgbaImage } from './render/png';
import { renderTower, renderTowerCloseUp } from './render/render-tower';
import { sampleTower } from './tower-sampler';

/** Decodes PNG bytes with the project's one decoder, as RGBA. */
const decodeRgba = (bytes: Uint8Array) => rgbaImage(decodeRgb(bytes));

const TIMEOUT_MS = 60_000;
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function generate(workers: number, render: { exportName?: string }) {
  const outDir = await mkdtemp(join(tmpdir(), 'steth-towers-render-'));
  dirs.push(outDir);
  await generateTowers({
    outDir,
    count: 2,
    seed: 3,
    workers,
    simulate: false,
    imageSize: 24,
    cameras: [1],
    render,
  });
  const manifest = (await readFile(join(outDir, 'manifest.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ManifestRecord);
  return { outDir, manifest };
}

/** The tower the generator made for `record` (its sampler is deterministic in seed, index and round). */
function towerOf(record: ManifestRecord) {
  return sampleTower({
    category: record.category,
    height: record.height,
    seed: 3,
    index: record.index,
    round: record.round,
  });
}

describe('generateTowers with the built-in renderer', () => {
  it.each([0, 1])(
    'writes renderTower images with no module path (%i workers)',
    { timeout: TIMEOUT_MS },
    async (workers) => {
      const { outDir, manifest } = await generate(workers, {});
      expect(manifest).toHaveLength(2);
      for (const record of manifest) {
        expect(record.images).toHaveLength(1);
        const png = await readFile(join(outDir, record.images[0]!));
        const image = decodeRgba(png);
        expect([image.width, image.height]).toEqual([24, 24]);
        const [expected] = renderTower(towerOf(record), { imageSize: 24, cameras: [1] });
        expect(Buffer.from(png).equals(Buffer.from(expected!.png))).toBe(true);
      }
    },
  );

  it('takes the close-up renderer by export name alone', { timeout: TIMEOUT_MS }, async () => {
    const { outDir, manifest } = await generate(0, { exportName: 'renderTowerCloseUp' });
    const record = manifest[0]!;
    const png = await readFile(join(outDir, record.images[0]!));
    const [closeUp] = renderTowerCloseUp(towerOf(record), { imageSize: 24, cameras: [1] });
    const [far] = renderTower(towerOf(record), { imageSize: 24, cameras: [1] });
    expect(Buffer.from(png).equals(Buffer.from(closeUp!.png))).toBe(true);
    expect(Buffer.from(png).equals(Buffer.from(far!.png))).toBe(false);
  });
});
