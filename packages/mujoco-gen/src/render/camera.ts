/**
 * Pinhole cameras in the ShapeStacks convention: a position, a heading (yaw),
 * a downward pitch and a vertical field of view. `CAMERAS` are the four
 * corner cameras ShapeStacks records its RGB data with (cam_1, cam_4, cam_7,
 * cam_10 of its world files: at (+-7, +-7, 5), looking horizontally at the
 * vertical axis through the origin, pitched 15 degrees down, 45-degree
 * vertical field of view). `projectPoint` maps a world point to pixel
 * coordinates with exactly the geometry the ray caster uses.
 */
import { RenderError } from './render-error';
import type { Vec3 } from './scene';

/** A pinhole camera. Roll is always zero (the image's up is as close to world +z as the pitch allows). */
export interface Camera {
  /** Name, used in file names (ShapeStacks' `cam_N`). */
  name: string;
  /** Position of the eye in the world frame. */
  position: Vec3;
  /** Heading of the view direction in degrees, counter-clockwise from +x (45 looks towards +x +y). */
  yaw: number;
  /** Downward pitch of the view direction in degrees (15 looks 15 degrees below the horizon). */
  pitch: number;
  /** Vertical field of view in degrees (ShapeStacks: 45). */
  fovy: number;
}

/** ShapeStacks' four RGB cameras, one per corner, in the order of their names. */
export const CAMERAS: readonly Camera[] = [
  { name: 'cam_1', position: [-7, -7, 5], yaw: 45, pitch: 15, fovy: 45 },
  { name: 'cam_4', position: [-7, 7, 5], yaw: -45, pitch: 15, fovy: 45 },
  { name: 'cam_7', position: [7, 7, 5], yaw: -135, pitch: 15, fovy: 45 },
  { name: 'cam_10', position: [7, -7, 5], yaw: 135, pitch: 15, fovy: 45 },
];

/** A camera at `position` looking at `target` (roll zero). */
export function lookAtCamera(name: string, position: Vec3, target: Vec3, fovy = 45): Camera {
  const dx = target[0] - position[0];
  const dy = target[1] - position[1];
  const dz = target[2] - position[2];
  const horizontal = Math.hypot(dx, dy);
  if (horizontal < 1e-9) {
    throw new RenderError(
      `lookAtCamera: camera "${name}" would look straight up or down; move the target sideways`,
    );
  }
  const toDeg = 180 / Math.PI;
  return {
    name,
    position,
    yaw: Math.atan2(dy, dx) * toDeg,
    pitch: -Math.atan2(dz, horizontal) * toDeg,
    fovy,
  };
}

/** The orthonormal frame of a camera: `forward` (view direction), `right` and `up` (image axes). */
export interface CameraBasis {
  forward: [number, number, number];
  right: [number, number, number];
  up: [number, number, number];
  /** `tan(fovy / 2)`: half the image height at unit distance. */
  tanHalfFovy: number;
}

/** Checks a camera and returns its basis; throws a `RenderError` naming the bad field. */
export function cameraBasis(camera: Camera): CameraBasis {
  const { position, yaw, pitch, fovy } = camera;
  if (!Array.isArray(position) || position.length !== 3 || !position.every(Number.isFinite)) {
    throw new RenderError(`camera "${camera.name}": position must be [x, y, z] with finite numbers`);
  }
  if (!Number.isFinite(yaw)) throw new RenderError(`camera "${camera.name}": yaw must be finite`);
  if (!(Math.abs(pitch) < 89.9)) {
    throw new RenderError(
      `camera "${camera.name}": pitch must be between -89.9 and 89.9 degrees, got ${pitch}`,
    );
  }
  if (!(fovy > 0 && fovy < 179)) {
    throw new RenderError(`camera "${camera.name}": fovy must be between 0 and 179 degrees, got ${fovy}`);
  }
  const y = (yaw * Math.PI) / 180;
  const p = (pitch * Math.PI) / 180;
  const forward: [number, number, number] = [
    Math.cos(p) * Math.cos(y),
    Math.cos(p) * Math.sin(y),
    -Math.sin(p),
  ];
  const right: [number, number, number] = [Math.sin(y), -Math.cos(y), 0];
  // up = right x forward
  const up: [number, number, number] = [
    right[1] * forward[2] - right[2] * forward[1],
    right[2] * forward[0] - right[0] * forward[2],
    right[0] * forward[1] - right[1] * forward[0],
  ];
  return { forward, right, up, tanHalfFovy: Math.tan((fovy * Math.PI) / 360) };
}

/**
 * Projects a world point into an image of `width` x `height` pixels.
 * Returns continuous pixel coordinates where `[i, j]` is the centre of the
 * pixel in column `i` and row `j` (row 0 at the top), and the depth along the
 * view direction; `null` for points behind the camera.
 */
export function projectPoint(
  camera: Camera,
  point: Vec3,
  width: number,
  height: number,
): { x: number; y: number; depth: number } | null {
  const { forward, right, up, tanHalfFovy } = cameraBasis(camera);
  const dx = point[0] - camera.position[0];
  const dy = point[1] - camera.position[1];
  const dz = point[2] - camera.position[2];
  const depth = dx * forward[0] + dy * forward[1] + dz * forward[2];
  if (depth <= 1e-9) return null;
  const sx = (dx * right[0] + dy * right[1] + dz * right[2]) / depth;
  const sy = (dx * up[0] + dy * up[1] + dz * up[2]) / depth;
  const aspect = width / height;
  return {
    x: ((sx / (tanHalfFovy * aspect) + 1) / 2) * width - 0.5,
    y: ((1 - sy / tanHalfFovy) / 2) * height - 0.5,
    depth,
  };
}
