/**
 * The renderer's first pass: one ray through every pixel centre. Pixels
 * inside some object's screen box are traced in full; the rest see only
 * the cached background and cost a lookup plus, inside the shadow box, a
 * shadow ray.
 */
import type { CameraBackground } from './background-cache';
import type { Tracer } from './tracer';
import { FLOOR, SKY } from './world';

/**
 * Traces one ray per pixel of a `width x height` image with `t` (loaded,
 * with its shadow box and cached background set); writes each pixel's RGB
 * into `color` and its surface id * 2 + shadow bit into `ids`.
 */
export function tracePrimaryRays(
  t: Tracer,
  background: CameraBackground,
  floorAlbedo: Float32Array,
  wallAlbedo: Float32Array,
  width: number,
  height: number,
  color: Float32Array,
  ids: Int32Array,
): void {
  const bgSurface = background.surface;
  const bgDepth = background.depth;
  const rays = background.rays;

  // union of the objects' screen boxes: pixels outside it see only the background
  let ui0 = width;
  let ui1 = -1;
  let uj0 = height;
  let uj1 = -1;
  for (let k = 0; k < t.count; k++) {
    ui0 = Math.min(ui0, t.boxes[k * 4]!);
    ui1 = Math.max(ui1, t.boxes[k * 4 + 1]!);
    uj0 = Math.min(uj0, t.boxes[k * 4 + 2]!);
    uj1 = Math.max(uj1, t.boxes[k * 4 + 3]!);
  }

  // pass 1: one ray through every pixel centre
  for (let j = 0; j < height; j++) {
    const rowCovered = j >= uj0 && j <= uj1;
    for (let i = 0; i < width; i++) {
      const p = j * width + i;
      const dx = rays[p * 3]!;
      const dy = rays[p * 3 + 1]!;
      const dz = rays[p * 3 + 2]!;
      let covered = false;
      if (rowCovered && i >= ui0 && i <= ui1) {
        for (let k = 0; k < t.count; k++) {
          const q = k * 4;
          if (i >= t.boxes[q]! && i <= t.boxes[q + 1]! && j >= t.boxes[q + 2]! && j <= t.boxes[q + 3]!) {
            covered = true;
            break;
          }
        }
      }
      if (covered) {
        ids[p] = t.trace(dx, dy, dz, i, j, p);
      } else {
        const surface = bgSurface[p]!;
        if (surface === SKY) {
          ids[p] = t.sky(dz);
        } else {
          const map = surface === FLOOR ? floorAlbedo : wallAlbedo;
          ids[p] = t.shadeBackground(
            surface,
            bgDepth[p]!,
            dx,
            dy,
            dz,
            map[p * 3]!,
            map[p * 3 + 1]!,
            map[p * 3 + 2]!,
            i,
            j,
          );
        }
      }
      color[p * 3] = t.r;
      color[p * 3 + 1] = t.g;
      color[p * 3 + 2] = t.b;
    }
  }
}
