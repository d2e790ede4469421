/**
 * Screen-space culling for the ray caster: each object's bounding box in
 * the image (the projection of its eight oriented-box corners, padded by a
 * pixel), so primary rays test only the objects whose box holds their pixel.
 */
import { type Camera, cameraBasis } from './camera';
import { O_CENTER, O_HALF, O_ROT, OBJECT_STRIDE, SHAPE_SPHERE } from './intersect';

/** Screen-space bounding box (inclusive pixel ranges, padded by one) of every object, for one camera. */
export function computeScreenBoxes(
  objects: Float64Array,
  count: number,
  camera: Camera,
  width: number,
  height: number,
  boxes: Int32Array,
): void {
  const { forward, right, up, tanHalfFovy } = cameraBasis(camera);
  const [cx, cy, cz] = camera.position;
  const aspect = width / height;
  for (let k = 0; k < count; k++) {
    const base = k * OBJECT_STRIDE;
    const sphere = objects[base] === SHAPE_SPHERE;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    let behind = false;
    for (let corner = 0; corner < 8; corner++) {
      const lx = (corner & 1 ? 1 : -1) * objects[base + O_HALF]!;
      const ly = (corner & 2 ? 1 : -1) * objects[base + O_HALF + 1]!;
      const lz = (corner & 4 ? 1 : -1) * objects[base + O_HALF + 2]!;
      let wx = objects[base + O_CENTER]!;
      let wy = objects[base + O_CENTER + 1]!;
      let wz = objects[base + O_CENTER + 2]!;
      if (sphere) {
        wx += lx;
        wy += ly;
        wz += lz;
      } else {
        const r = base + O_ROT;
        wx += objects[r]! * lx + objects[r + 1]! * ly + objects[r + 2]! * lz;
        wy += objects[r + 3]! * lx + objects[r + 4]! * ly + objects[r + 5]! * lz;
        wz += objects[r + 6]! * lx + objects[r + 7]! * ly + objects[r + 8]! * lz;
      }
      const dx = wx - cx;
      const dy = wy - cy;
      const dz = wz - cz;
      const depth = dx * forward[0] + dy * forward[1] + dz * forward[2];
      if (depth < 1e-3) {
        behind = true;
        break;
      }
      const sx = ((dx * right[0] + dy * right[1] + dz * right[2]) / depth / (tanHalfFovy * aspect) + 1) / 2;
      const sy = (1 - (dx * up[0] + dy * up[1] + dz * up[2]) / depth / tanHalfFovy) / 2;
      const x = sx * width - 0.5;
      const y = sy * height - 0.5;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const q = k * 4;
    if (behind) {
      boxes[q] = -1;
      boxes[q + 1] = width;
      boxes[q + 2] = -1;
      boxes[q + 3] = height;
    } else {
      boxes[q] = Math.floor(minX) - 1;
      boxes[q + 1] = Math.ceil(maxX) + 1;
      boxes[q + 2] = Math.floor(minY) - 1;
      boxes[q + 3] = Math.ceil(maxY) + 1;
    }
  }
}
