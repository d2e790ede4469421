/**
 * The support region at each interface of a tower (paper Section 4): the
 * contact area between the top face of the object below and the bottom of
 * the object above. Cuboid faces are rotated rectangles (so two cuboids meet
 * in a true polygon), standing-cylinder faces are discs, mixed pairs meet in
 * their intersection; a lying cylinder touches along a line and a sphere at
 * a point.
 */
import { intersectRegions, type PlanarRegion, rectangle, type Vec2 } from './planar-region';
import type { TowerObject } from './tower';

type Footprint = Pick<TowerObject, 'shape' | 'size' | 'lying' | 'yawDeg' | 'position'>;

const xy = (o: Footprint): Vec2 => [o.position[0], o.position[1]];

/** The flat top face of a cuboid or standing cylinder (empty for spheres and lying cylinders). */
export function topFace(object: Footprint): PlanarRegion {
  if (object.shape === 'cuboid') {
    return rectangle(xy(object), object.size[0] / 2, object.size[1] / 2, (object.yawDeg * Math.PI) / 180);
  }
  if (object.shape === 'cylinder' && !object.lying)
    return { kind: 'disc', centre: xy(object), radius: object.size[0] };
  return { kind: 'empty' };
}

/** The horizontal axis of a lying cylinder (the yawed image of the rotated local z axis). */
export function lyingAxis(yawDeg: number): Vec2 {
  const yaw = (yawDeg * Math.PI) / 180;
  return [Math.sin(yaw), -Math.cos(yaw)];
}

/** Where an object touches what it rests on: a face, a contact line, or a contact point. */
export function bottomContact(object: Footprint): PlanarRegion {
  if (object.shape === 'sphere') return { kind: 'point', p: xy(object), depth: 0 };
  if (object.shape === 'cylinder' && object.lying) {
    const [ax, ay] = lyingAxis(object.yawDeg);
    const h = object.size[2] / 2;
    const [x, y] = xy(object);
    return { kind: 'segment', a: [x - h * ax, y - h * ay], b: [x + h * ax, y + h * ay] };
  }
  return topFace(object);
}

/** The contact region between `below` (its top face) and `above` (its bottom contact). */
export function interfaceRegion(below: Footprint, above: Footprint): PlanarRegion {
  return intersectRegions(topFace(below), bottomContact(above));
}
