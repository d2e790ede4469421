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
import type { RenderObject } from './scene';
import { towerBoundingSphere } from './tower-bounding-sphere';

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
