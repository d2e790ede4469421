/**
 * Renders the hand-built example towers from all four ShapeStacks cameras
 * into a folder, plus a labelled contact sheet of them, for looking at:
 * `node scripts/render-examples.mjs /tmp/render [size] [sheet.png]`.
 * Run `pnpm build` first (it imports `dist/`).
 */
import { join } from 'node:path';
import { CAMERAS, composeContactSheet, createRenderer, writePngAtomic } from '../dist/render/index.js';
import { EXAMPLE_TOWERS } from './example-towers.mjs';

const out = process.argv[2] ?? '/tmp/steth-render';
const size = Number(process.argv[3] ?? 224);
const sheetPath = process.argv[4] ?? join(out, 'contact-sheet.png');
const renderer = createRenderer({ width: size, height: size });
const tiles = [];
EXAMPLE_TOWERS.forEach((tower, n) => {
  CAMERAS.forEach((camera, c) => {
    const scene = {
      objects: tower.objects,
      floorTexture: (n * 4 + c) % 6,
      wallTexture: (n * 4 + c + 3) % 6,
      light: (n + c) % 5,
    };
    const image = renderer.render(scene, camera);
    writePngAtomic(join(out, `${tower.name}-${camera.name}.png`), image);
    tiles.push({
      image,
      label: `${tower.name} ${camera.name}`,
    });
  });
});
writePngAtomic(sheetPath, composeContactSheet(tiles, { columns: 4, title: 'steth render examples' }), {
  mode: 'small',
});
console.log(`wrote ${tiles.length} images and ${sheetPath}`);
