/**
 * Render benchmark: images per second at 224 x 224 for a typical 6-object
 * tower (cycling the four ShapeStacks cameras, textures and lights), with
 * and without anti-aliasing and shadows, plus PNG encoding; ratios are
 * against the plain render (no AA, no shadows) measured in the same run,
 * and the projection is for the paper's 4,000 towers x 4 cameras on 2
 * worker threads. Run `pnpm build` first (it imports `dist/`).
 * Usage: node bench/render.bench.mjs [seconds per case, default 1.5]
 */
import { CAMERAS, createRenderer, encodePng } from '../dist/index.js';
import { EXAMPLE_TOWERS } from '../scripts/example-towers.mjs';

const seconds = Number(process.argv[2] ?? 1.5);
const tower = EXAMPLE_TOWERS.find((t) => t.name === 'mixed-6');
const IMAGES = 16_000;
const WORKERS = 2;

function scene(k) {
  return { objects: tower.objects, floorTexture: k % 6, wallTexture: (k + 3) % 6, light: k % 5 };
}

function measure(name, options) {
  const renderer = createRenderer(options);
  for (let k = 0; k < 144; k++) renderer.render(scene(k), CAMERAS[k % 4]); // warm up: textures, camera caches
  let count = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    renderer.render(scene(count), CAMERAS[count % 4]);
    count++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { name, perSecond: count / elapsed, msPerImage: (elapsed * 1000) / count };
}

function measurePng() {
  const renderer = createRenderer();
  const images = CAMERAS.map((camera, k) => renderer.render(scene(k), camera));
  for (let k = 0; k < 8; k++) encodePng(images[k % 4]);
  let count = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    bytes += encodePng(images[count % 4]).length;
    count++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return {
    name: 'PNG encode (pngjs, RGB)',
    perSecond: count / elapsed,
    msPerImage: (elapsed * 1000) / count,
    kb: bytes / count / 1024,
  };
}

const baseline = measure('plain (no AA, no shadows)', { antialias: false, shadows: false });
const rows = [
  baseline,
  measure('shadows, no AA', { antialias: false, shadows: true }),
  measure('AA, no shadows', { antialias: true, shadows: false }),
  measure('AA + shadows (default)', {}),
];
const png = measurePng();
const full = rows[3];

console.log(`render benchmark, 224 x 224, 6-object tower, 4 cameras (${seconds} s per case, one thread)`);
for (const r of rows) {
  console.log(
    `  ${r.name.padEnd(28)} ${r.perSecond.toFixed(1).padStart(7)} images/s  ${r.msPerImage.toFixed(2).padStart(6)} ms/image  ${(r.msPerImage / baseline.msPerImage).toFixed(2)}x plain`,
  );
}
console.log(
  `  ${png.name.padEnd(28)} ${png.perSecond.toFixed(1).padStart(7)} images/s  ${png.msPerImage.toFixed(2).padStart(6)} ms/image  ${(png.msPerImage / baseline.msPerImage).toFixed(2)}x plain  (${png.kb.toFixed(0)} KiB each)`,
);
const renderOnly = (IMAGES * full.msPerImage) / 1000 / WORKERS;
const withPng = (IMAGES * (full.msPerImage + png.msPerImage)) / 1000 / WORKERS;
console.log(
  `projected for ${IMAGES} images on ${WORKERS} workers: render ${renderOnly.toFixed(0)} s, render + PNG ${withPng.toFixed(0)} s (budget for the whole package incl. simulation: 180 s)`,
);
