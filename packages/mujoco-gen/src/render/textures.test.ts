import { describe, expect, it } from 'vitest';
import { FLOOR_TEXTURES, floorTexture, sampleTexture, WALL_TEXTURES, wallTexture } from './textures';

describe('procedural textures', () => {
  it('offers six distinct floors and six distinct walls', () => {
    expect(FLOOR_TEXTURES).toEqual(['checker', 'wood', 'marble', 'tiles', 'stripes', 'gravel']);
    expect(WALL_TEXTURES).toEqual(['plaster', 'bricks', 'stripes', 'wood', 'checker', 'diamonds']);
    const means = [0, 1, 2, 3, 4, 5]
      .flatMap((k) => [floorTexture(k), wallTexture(k)])
      .map((t) => {
        const top = t.levels[t.levels.length - 1]!;
        return [...top].map((v) => v.toFixed(3)).join(',');
      });
    expect(new Set(means).size).toBe(12);
  });

  it('tiles: sampling one tile further gives the same colour', () => {
    const out = new Float64Array(3);
    const again = new Float64Array(3);
    for (let k = 0; k < 6; k++) {
      const t = floorTexture(k);
      sampleTexture(t, 0.37, -1.91, 0.01, out);
      sampleTexture(t, 0.37 + t.worldSize, -1.91 - 2 * t.worldSize, 0.01, again);
      for (const c of [0, 1, 2]) expect(again[c]).toBeCloseTo(out[c]!, 5);
    }
  });

  it('blurs to the mean colour when a pixel covers many tiles (no aliasing far away)', () => {
    const t = floorTexture(0); // checker: squares of 0.4 and 0.62 grey
    const out = new Float64Array(3);
    sampleTexture(t, 0.3, 0.7, 1000, out);
    expect(out[0]).toBeCloseTo(0.51, 2);
    // while close up it resolves the squares
    sampleTexture(t, 0.25, 0.25, 0.001, out);
    const dark = out[0]!;
    sampleTexture(t, 0.75, 0.25, 0.001, out);
    expect(Math.abs(out[0]! - dark)).toBeGreaterThan(0.15);
  });
});
