/**
 * The renderer's adaptive anti-aliasing: pixels whose surface or shadow
 * state (or, optionally, colour) differs from a neighbour's are re-traced
 * on an `aaGrid x aaGrid` grid and averaged (the centre sample of an odd
 * grid is the first pass's ray).
 */
import type { RenderOptions } from './render-options';
import type { Tracer } from './tracer';

/** Work counters of one render (for benchmarks and tests). */
export interface RenderStats {
  /** Pixels the adaptive anti-aliasing re-traced on its grid. */
  refinedPixels: number;
  /** Primary rays traced in total (one per pixel plus the extra grid samples). */
  primaryRays: number;
}

/**
 * Refines the edges of the first pass's `color` and `ids` in place with
 * `t`; `refine` is scratch space of one byte a pixel. Adds the refined
 * pixels and the extra rays to `stats`.
 */
export function antialias(
  t: Tracer,
  opts: Readonly<Required<RenderOptions>>,
  width: number,
  height: number,
  color: Float32Array,
  ids: Int32Array,
  refine: Uint8Array,
  stats: RenderStats,
): void {
  const { x0, y0, kx, ky } = t;
  refine.fill(0);
  const threshold = opts.aaThreshold;
  const byColour = threshold !== Number.POSITIVE_INFINITY;
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const p = j * width + i;
      if (i + 1 < width && differs(p, p + 1)) {
        refine[p] = 1;
        refine[p + 1] = 1;
      }
      if (j + 1 < height && differs(p, p + width)) {
        refine[p] = 1;
        refine[p + width] = 1;
      }
    }
  }
  function differs(p: number, q: number): boolean {
    if (ids[p] !== ids[q]) return true;
    if (!byColour) return false;
    return (
      Math.abs(color[p * 3]! - color[q * 3]!) > threshold ||
      Math.abs(color[p * 3 + 1]! - color[q * 3 + 1]!) > threshold ||
      Math.abs(color[p * 3 + 2]! - color[q * 3 + 2]!) > threshold
    );
  }
  const grid = opts.aaGrid;
  const odd = grid % 2 === 1;
  const centre = (grid - 1) / 2;
  const samples = grid * grid;
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const p = j * width + i;
      if (refine[p] === 0) continue;
      stats.refinedPixels++;
      stats.primaryRays += odd ? samples - 1 : samples;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let a = 0; a < grid; a++) {
        const sy = y0 - (j + (a + 0.5) / grid) * ky;
        for (let c = 0; c < grid; c++) {
          if (odd && a === centre && c === centre) {
            r += color[p * 3]!;
            g += color[p * 3 + 1]!;
            b += color[p * 3 + 2]!;
            continue;
          }
          t.aim(x0 + (i + (c + 0.5) / grid) * kx, sy);
          t.trace(t.dx, t.dy, t.dz, i, j, p);
          r += t.r;
          g += t.g;
          b += t.b;
        }
      }
      color[p * 3] = r / samples;
      color[p * 3 + 1] = g / samples;
      color[p * 3 + 2] = b / samples;
    }
  }
}
