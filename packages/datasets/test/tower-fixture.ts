/** Writes a tiny ShapeStacks-layout dataset to a temp folder: solid-colour PNGs whose colour encodes scenario and camera. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { TowerExample } from '../src/shapestacks-reader';
import { type TowerBatch, type TowerBatchOptions, towerBatches } from '../src/tower-batches';

export interface FixtureTower {
  scenario: string;
  category: 'A' | 'B' | 'C' | 'D';
  locallyStable: boolean;
  origin: number | null;
}

export const FIXTURE_TOWERS: FixtureTower[] = [
  { scenario: 'ccs-easy-h=2-vcom=0-vpsf=0-v=1', category: 'A', locallyStable: true, origin: null },
  { scenario: 'ccs-hard-h=3-vcom=2-vpsf=0-v=2', category: 'B', locallyStable: true, origin: 1 },
  { scenario: 'ccs-hard-h=4-vcom=0-vpsf=0-v=3', category: 'C', locallyStable: false, origin: null },
  { scenario: 'ccs-easy-h=5-vcom=3-vpsf=0-v=4', category: 'D', locallyStable: false, origin: 2 },
];

export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[4 * i] = rgb[0];
    png.data[4 * i + 1] = rgb[1];
    png.data[4 * i + 2] = rgb[2];
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** Colour of tower t's image from camera c: distinct per image, so tests can tell images apart. */
export const fixtureColor = (t: number, c: number): [number, number, number] => [
  40 * t + 10,
  50 * c + 5,
  200,
];

export function writeTowerFixture(options: { manifest?: boolean; size?: number } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'steth-towers-'));
  const size = options.size ?? 8;
  FIXTURE_TOWERS.forEach((tower, t) => {
    const folder = join(root, 'recordings', `env_${tower.scenario}`);
    mkdirSync(folder, { recursive: true });
    for (const cam of [1, 2]) {
      writeFileSync(
        join(folder, `rgb-w=0-f=0-l=0-c=unique-cam_${cam}-mono-0.png`),
        solidPng(size, size, fixtureColor(t, cam)),
      );
    }
  });
  mkdirSync(join(root, 'splits', 'default'), { recursive: true });
  writeFileSync(
    join(root, 'splits', 'default', 'train.txt'),
    FIXTURE_TOWERS.map((t) => `env_${t.scenario}`).join('\n'),
  );
  writeFileSync(join(root, 'splits', 'default', 'test.txt'), '\n');
  if (options.manifest ?? true) {
    writeFileSync(
      join(root, 'manifest.jsonl'),
      FIXTURE_TOWERS.map((t) =>
        JSON.stringify({
          scenario: t.scenario,
          category: t.category,
          globallyStable: t.origin === null,
          locallyStable: t.locallyStable,
          origin: t.origin,
          images: [1, 2].map((cam) =>
            join('recordings', `env_${t.scenario}`, `rgb-w=0-f=0-l=0-c=unique-cam_${cam}-mono-0.png`),
          ),
        }),
      ).join('\n'),
    );
  }
  return root;
}

/** Every batch of one epoch of `towerBatches`, in order. */
export async function collectBatches(
  examples: readonly TowerExample[],
  options: TowerBatchOptions,
): Promise<TowerBatch[]> {
  const out: TowerBatch[] = [];
  for await (const batch of towerBatches(examples, options)) out.push(batch);
  return out;
}
