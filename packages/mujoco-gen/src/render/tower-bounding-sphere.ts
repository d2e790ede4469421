/**
 * The one bounding sphere of a tower, shared by the close-up framing (which
 * fits it to the frame) and the ray caster (which culls shadow rays and
 * shadow-free pixels with it): centred on the box that holds each object's
 * own bounding sphere, with a radius that holds every object's sphere.
 */
import { RenderError } from './render-error';
import type { RenderObject, Vec3 } from './scene';

/** Radius of the smallest sphere about an object's centre that holds the object. */
export function objectRadius(object: RenderObject): number {
  const [a, b, c] = object.size;
  if (object.shape === 'sphere') return a;
  if (object.shape === 'cylinder') return Math.hypot(a, c / 2);
  return Math.hypot(a, b, c) / 2;
}

/** Centre and radius of a sphere holding every object (around the centre of their bounding box). */
export function towerBoundingSphere(objects: readonly RenderObject[]): { centre: Vec3; radius: number } {
  if (objects.length === 0) throw new RenderError('towerBoundingSphere: the tower has no objects');
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const object of objects) {
    const r = objectRadius(object);
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k]!, object.position[k]! - r);
      hi[k] = Math.max(hi[k]!, object.position[k]! + r);
    }
  }
  const centre: Vec3 = [(lo[0]! + hi[0]!) / 2, (lo[1]! + hi[1]!) / 2, (lo[2]! + hi[2]!) / 2];
  let radius = 0;
  for (const object of objects) {
    const d = Math.hypot(
      object.position[0] - centre[0],
      object.position[1] - centre[1],
      object.position[2] - centre[2],
    );
    radius = Math.max(radius, d + objectRadius(object));
  }
  return { centre, radius };
}
