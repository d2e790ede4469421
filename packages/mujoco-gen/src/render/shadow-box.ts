/**
 * Shadow culling for the ray caster: the screen box outside which the
 * tower's shadow from the key light cannot fall on the floor or the walls,
 * so background pixels outside it need no shadow ray.
 */
import { type Camera, projectPoint } from './camera';
import type { Vec3 } from './scene';
import type { Tracer } from './tracer';
import { WORLD } from './world';

/**
 * The screen box outside which the tower casts no shadow on floor or walls:
 * the tower's bounding sphere projected along the key light onto each plane
 * the light falls on is an ellipse inside a disc of radius R / cos(angle of
 * incidence); the box bounds those discs' corners in the image.
 */
export function computeShadowBox(
  t: Tracer,
  camera: Camera,
  width: number,
  height: number,
  shadows: boolean,
): void {
  const box = t.shadowBox;
  box[0] = 0;
  box[1] = -1;
  box[2] = 0;
  box[3] = -1;
  if (!shadows || t.towerR < 0) return;
  const l = t.caster * 3;
  const lx = t.lightDir[l]!;
  const ly = t.lightDir[l + 1]!;
  const lz = t.lightDir[l + 2]!;
  const corners: Vec3[] = [];
  const wall = WORLD.wallDistance;
  // floor: normal +z, lit if lz > 0; walls: normals -y and -x
  const planes = [
    { cos: lz, axis: 2, level: 0, u: 0, v: 1 },
    { cos: -ly, axis: 1, level: wall, u: 0, v: 2 },
    { cos: -lx, axis: 0, level: wall, u: 1, v: 2 },
  ];
  const centre = [t.towerX, t.towerY, t.towerZ];
  const dir = [lx, ly, lz];
  for (const plane of planes) {
    if (plane.cos <= 1e-6) continue; // the light does not fall on this plane
    // slide the centre away from the light onto the plane
    const s = (centre[plane.axis]! - plane.level) / dir[plane.axis]!;
    const hit = [centre[0]! - s * lx, centre[1]! - s * ly, centre[2]! - s * lz];
    const r = t.towerR / plane.cos;
    for (const du of [-r, r]) {
      for (const dv of [-r, r]) {
        const c = [...hit];
        c[plane.u] = c[plane.u]! + du;
        c[plane.v] = c[plane.v]! + dv;
        corners.push(c as unknown as Vec3);
      }
    }
  }
  let i0 = Infinity;
  let i1 = -Infinity;
  let j0 = Infinity;
  let j1 = -Infinity;
  for (const corner of corners) {
    const p = projectPoint(camera, corner, width, height);
    if (!p) {
      // part of the region is behind the camera: give up culling
      box[0] = -1;
      box[1] = width;
      box[2] = -1;
      box[3] = height;
      return;
    }
    i0 = Math.min(i0, p.x);
    i1 = Math.max(i1, p.x);
    j0 = Math.min(j0, p.y);
    j1 = Math.max(j1, p.y);
  }
  if (corners.length === 0) return;
  box[0] = Math.floor(i0) - 1;
  box[1] = Math.ceil(i1) + 1;
  box[2] = Math.floor(j0) - 1;
  box[3] = Math.ceil(j1) + 1;
}
