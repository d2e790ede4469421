/**
 * What `imageCache` saves in a tower batch stream, as a ratio against the
 * same stream without it measured in the same run: three epochs over 400
 * synthetic 112 px tower-like PNGs (flat background, coloured blocks,
 * compressed like the renders), decoded on the calling thread as the
 * reproduction's workers do. `BENCH_TOWERS=<dataset folder>` times the
 * first 400 training images of a real dataset instead (e.g. the one
 * `steth reproduce` generates). Run with `pnpm bench` (after a build).
 * Timings on a shared machine are noisy: compare ratios, not ms.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PNG } from 'pngjs';
import { createImageCache, createRng, readShapeStacks, towerBatches } from '../dist/index.js';

const IMAGES = Number(process.env.BENCH_IMAGES ?? 400);
const SIZE = 112;
const EPOCHS = 3;

function towerPng(rng) {
  const png = new PNG({ width: SIZE, height: SIZE });
  for (let i = 0; i < SIZE * SIZE; i++) png.data.set([200, 205, 210, 255], 4 * i);
  let bottom = SIZE - 4;
  for (let b = 0; b < 2 + Math.floor(rng() * 5); b++) {
    const w = 20 + Math.floor(rng() * 40);
    const h = 10 + Math.floor(rng() * 12);
    const x0 = Math.floor(SIZE / 2 - w / 2 + (rng() - 0.5) * 16);
    const colour = [rng() * 255, rng() * 255, rng() * 255].map(Math.floor);
    for (let y = Math.max(0, bottom - h); y < bottom; y++) {
      for (let x = Math.max(0, x0); x < Math.min(SIZE, x0 + w); x++) {
        const shade = 0.7 + (0.3 * (x - x0)) / w; // a lit side, so rows are not all alike
        png.data.set([...colour.map((c) => Math.floor(c * shade)), 255], 4 * (y * SIZE + x));
      }
    }
    bottom -= h;
  }
  return PNG.sync.write(png);
}

const dir = mkdtempSync(join(tmpdir(), 'steth-bench-cache-'));
try {
  const stream = createRng(1);
  const rng = () => stream.next();
  const towers = process.env.BENCH_TOWERS;
  const examples = towers
    ? readShapeStacks({ root: towers, split: 'all', subset: 'train' }).examples.slice(0, IMAGES)
    : Array.from({ length: IMAGES }, (_, i) => {
        const imagePath = join(dir, `rgb-${i}-cam_1-mono-0.png`);
        writeFileSync(imagePath, towerPng(rng));
        return { scenario: `t${i}`, imagePath, camera: 1, height: 3, globalLabel: i % 2 };
      });
  const epochSeconds = async (imageCache) => {
    const out = [];
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const t0 = performance.now();
      const options = { batchSize: 32, imageSize: SIZE, scale: 'centered', workers: 0, epoch, imageCache };
      for await (const _ of towerBatches(examples, options)) {
        // drain
      }
      out.push((performance.now() - t0) / 1000);
    }
    return out;
  };
  await epochSeconds(undefined); // warm-up: file cache, JIT
  const plain = await epochSeconds(undefined);
  const cache = createImageCache();
  const cached = await epochSeconds(cache);
  const perImage = (s) => ((1000 * s) / IMAGES).toFixed(3);
  console.log(
    `towerBatches, ${examples.length} ${towers ? `images of ${towers}` : 'synthetic images'} at ${SIZE} px, ${EPOCHS} epochs, decoding inline`,
  );
  console.log('epoch  ms/image plain  ms/image cached  ratio');
  for (let e = 0; e < EPOCHS; e++) {
    console.log(
      `${e}      ${perImage(plain[e]).padEnd(15)} ${perImage(cached[e]).padEnd(16)} ${(cached[e] / plain[e]).toFixed(2)}`,
    );
  }
  const later = (xs) => xs.slice(1).reduce((a, b) => a + b, 0);
  console.log(
    `epochs 1+ cached/plain: ${(later(cached) / later(plain)).toFixed(2)}; held ${(cache.stats().bytes / 2 ** 20).toFixed(1)} MiB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
