/**
 * Prints the sha256 of a fixed set of tower renders (20 sampled towers x 2
 * cameras x both framings x 112 and 224 px), so a refactor of the renderer
 * can be checked byte for byte: run it before and after, then diff.
 * Needs a build (`pnpm build`); usage: node scripts/render-hashes.mjs > hashes.txt
 */
import { createHash } from 'node:crypto';
import { sampleTower } from '../dist/index.js';
import { renderTower, renderTowerCloseUp } from '../dist/render/index.js';

const categories = ['A', 'B', 'C', 'D'];
for (let index = 0; index < 20; index++) {
  const tower = sampleTower({ category: categories[index % 4], height: 3 + (index % 4), seed: 1234, index });
  for (const imageSize of [112, 224]) {
    for (const [framing, render] of [
      ['shapestacks', renderTower],
      ['close-up', renderTowerCloseUp],
    ]) {
      for (const view of render(tower, { imageSize, cameras: [index % 4, (index + 2) % 4] })) {
        const hash = createHash('sha256').update(view.png).digest('hex');
        console.log(`tower ${index} ${imageSize}px ${framing} camera ${view.camera} ${hash}`);
      }
    }
  }
}
