/**
 * The tower data model: single-stranded stacks of cuboids, cylinders and
 * spheres as in ShapeStacks (paper Section 4), listed bottom to top. Sizes
 * follow the renderer's convention, so a tower object maps one-to-one onto a
 * render scene object: cuboid `size` holds full edge lengths, a cylinder
 * `[radius, radius, length]` along its local z axis, a sphere `[r, r, r]`.
 * Positions are centres in world coordinates with z up; quaternions are
 * `[w, x, y, z]`.
 */

/** The three ShapeStacks shapes. */
export type ObjectShape = 'cuboid' | 'cylinder' | 'sphere';

/** A point or vector in 3-D world coordinates (z up). */
export type Vec3 = [number, number, number];

/** A unit quaternion `[w, x, y, z]`. */
export type Quaternion = [number, number, number, number];

/** An RGB colour with channels in 0..1. */
export type Rgb = [number, number, number];

/** One object of a tower. */
export interface TowerObject {
  shape: ObjectShape;
  /** Cuboid: full edge lengths; cylinder: [radius, radius, length] along local z; sphere: [r, r, r]. */
  size: Vec3;
  /** A cylinder lying on its side (axis horizontal); always false for other shapes. */
  lying: boolean;
  /** Rotation about the world z axis in integer degrees (cuboids and lying cylinders; 0 otherwise). */
  yawDeg: number;
  /** Centre in world coordinates. */
  position: Vec3;
  /** Orientation `[w, x, y, z]`: a lying cylinder is turned 90 degrees about x, then yawed about z. */
  quaternion: Quaternion;
  /** Mass in kg at the density of {@link DENSITY}. */
  mass: number;
  /** Colour, one of the six ShapeStacks primaries. */
  color: Rgb;
}

/** Density of every object (kg/m^3, MuJoCo's default): ShapeStacks objects have uniform density. */
export const DENSITY = 1000;

/** The six ShapeStacks primaries, unique within a tower. */
export const PRIMARY_COLORS: Readonly<Record<string, Rgb>> = {
  red: [1, 0, 0],
  green: [0, 1, 0],
  blue: [0, 0, 1],
  yellow: [1, 1, 0],
  cyan: [0, 1, 1],
  magenta: [1, 0, 1],
};

/** Volume of an object in m^3. */
export function objectVolume(shape: ObjectShape, size: Vec3): number {
  if (shape === 'cuboid') return size[0] * size[1] * size[2];
  if (shape === 'cylinder') return Math.PI * size[0] * size[0] * size[2];
  return (4 / 3) * Math.PI * size[0] ** 3;
}

/** Vertical extent of an object as it stands in a tower. */
export function objectHeight(object: Pick<TowerObject, 'shape' | 'size' | 'lying'>): number {
  if (object.shape === 'cuboid') return object.size[2];
  if (object.shape === 'cylinder') return object.lying ? 2 * object.size[0] : object.size[2];
  return 2 * object.size[0];
}

/** Whether an object offers a flat top face to stack on (cuboids and standing cylinders). */
export function hasFlatTop(object: Pick<TowerObject, 'shape' | 'lying'>): boolean {
  return object.shape === 'cuboid' || (object.shape === 'cylinder' && !object.lying);
}

/** Hamilton product a * b of quaternions `[w, x, y, z]`. */
export function multiplyQuaternions(a: Quaternion, b: Quaternion): Quaternion {
  const [aw, ax, ay, az] = a;
  const [bw, bx, by, bz] = b;
  return [
    aw * bw - ax * bx - ay * by - az * bz,
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
  ];
}

/** The orientation of an object: yaw about z, after a 90-degree turn about x for lying cylinders. */
export function objectQuaternion(yawDeg: number, lying: boolean): Quaternion {
  const half = (yawDeg * Math.PI) / 360;
  const yaw: Quaternion = [Math.cos(half), 0, 0, Math.sin(half)];
  if (!lying) return yaw;
  const s = Math.SQRT1_2;
  return multiplyQuaternions(yaw, [s, s, 0, 0]);
}

/** Mass-weighted centre of the given objects' centres (x, y, z). */
export function centreOfMass(objects: readonly Pick<TowerObject, 'mass' | 'position'>[]): Vec3 {
  let m = 0;
  const c: Vec3 = [0, 0, 0];
  for (const o of objects) {
    m += o.mass;
    c[0] += o.mass * o.position[0];
    c[1] += o.mass * o.position[1];
    c[2] += o.mass * o.position[2];
  }
  return [c[0] / m, c[1] / m, c[2] / m];
}
