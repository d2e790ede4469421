/**
 * Close-up framing of a tower: the ShapeStacks camera's heading and pitch,
 * moved along its view direction so that the tower's bounding sphere just
 * fills the frame. At the paper's 224 px the ShapeStacks cameras leave a
 * block's centre-of-mass offset (the cue behind local and global stability,
 * Section 4) a few pixels wide; at the smaller images a CPU can train on,
 * the close-up keeps it visible. The heading, pitch and field of view stay
 * as in ShapeStacks, so the views differ only in distance and centring.
 */
import { type Camera, cameraBasis } from './camera';
import { RenderError } from './render-error';
import type { RenderObject, Vec3 } from './scene';

/** Radius of the smallest sphere about an object's centre that holds the object. */
function objectRadius(object: RenderObject): number {
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

/**
 * `camera` moved along its own view direction so that it looks at the
 * centre of the tower's bounding sphere from the distance at which the
 * sphere, grown by `margin`, just fits the frame's height.
 */
export function closeUpCamera(camera: Camera, objects: readonly RenderObject[], margin = 1.1): Camera {
  if (!(margin >= 1)) throw new RenderError(`closeUpCamera: margin must be at least 1, got ${margin}`);
  const { forward } = cameraBasis(camera);
  const { centre, radius } = towerBoundingSphere(objects);
  const halfFovy = (camera.fovy * Math.PI) / 360;
  const distance = (radius * margin) / Math.sin(halfFovy);
  return {
    ...camera,
    position: [
      centre[0] - forward[0] * distance,
      centre[1] - forward[1] * distance,
      centre[2] - forward[2] * distance,
    ],
  };
}
