/**
 * Analytic ray intersection with the three ShapeStacks shapes: oriented
 * cuboids (slab test in the box's frame), capped cylinders (quadratic side
 * plus the facing cap, in the cylinder's frame) and spheres. Objects are
 * compiled once per scene into a flat `Float64Array` (centre, rotation,
 * half extents, colour, bounding radius), so the per-pixel loop only reads
 * numbers and allocates nothing. `intersectObject` is the allocating
 * convenience form for tests and tools.
 */
import type { RenderObject, Vec3 } from './scene';

/** Numbers per compiled object in the array `compileObjects` returns. */
export const OBJECT_STRIDE = 20;
/** Offsets into a compiled object. */
export const O_TYPE = 0;
export const O_CENTER = 1;
export const O_ROT = 4;
export const O_HALF = 13;
export const O_COLOR = 16;
export const O_RADIUS = 19;

/** Shape codes stored at `O_TYPE`. */
export const SHAPE_CUBOID = 0;
export const SHAPE_CYLINDER = 1;
export const SHAPE_SPHERE = 2;

/** Rotation matrix (row-major, local to world) of a quaternion `[w, x, y, z]`, normalised first. */
export function quaternionToMatrix(q: readonly [number, number, number, number]): number[] {
  const n = Math.hypot(q[0], q[1], q[2], q[3]);
  const w = q[0] / n;
  const x = q[1] / n;
  const y = q[2] / n;
  const z = q[3] / n;
  return [
    1 - 2 * (y * y + z * z),
    2 * (x * y - w * z),
    2 * (x * z + w * y),
    2 * (x * y + w * z),
    1 - 2 * (x * x + z * z),
    2 * (y * z - w * x),
    2 * (x * z - w * y),
    2 * (y * z + w * x),
    1 - 2 * (x * x + y * y),
  ];
}

/** Packs objects into one flat array of `OBJECT_STRIDE` numbers each (no validation: see `validateScene`). */
export function compileObjects(objects: readonly RenderObject[]): Float64Array {
  const data = new Float64Array(objects.length * OBJECT_STRIDE);
  objects.forEach((object, k) => {
    const base = k * OBJECT_STRIDE;
    const [sx, sy, sz] = object.size;
    let hx: number;
    let hy: number;
    let hz: number;
    let type: number;
    if (object.shape === 'cuboid') {
      type = SHAPE_CUBOID;
      hx = sx / 2;
      hy = sy / 2;
      hz = sz / 2;
    } else if (object.shape === 'cylinder') {
      type = SHAPE_CYLINDER;
      hx = sx;
      hy = sx;
      hz = sz / 2;
    } else {
      type = SHAPE_SPHERE;
      hx = sx;
      hy = sx;
      hz = sx;
    }
    data[base + O_TYPE] = type;
    data.set(object.position, base + O_CENTER);
    data.set(quaternionToMatrix(object.quaternion), base + O_ROT);
    data[base + O_HALF] = hx;
    data[base + O_HALF + 1] = hy;
    data[base + O_HALF + 2] = hz;
    data.set(object.color, base + O_COLOR);
    data[base + O_RADIUS] =
      type === SHAPE_CUBOID ? Math.hypot(hx, hy, hz) : type === SHAPE_CYLINDER ? Math.hypot(hx, hz) : hx;
  });
  return data;
}

/**
 * Nearest hit with `t > tMin` of the ray `o + t d` with the box
 * `|x| <= hx, |y| <= hy, |z| <= hz` (all in the box frame); `Infinity` if
 * none. Writes the outward normal of the face hit to `normal[0..2]`.
 * Rays starting inside the box report no hit.
 */
export function intersectBoxLocal(
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
  hx: number,
  hy: number,
  hz: number,
  tMin: number,
  normal: Float64Array,
): number {
  let near = -Infinity;
  let far = Infinity;
  let axis = 0;
  let sign = 0;
  // x slab
  if (dx !== 0) {
    const inv = 1 / dx;
    let t1 = (-hx - ox) * inv;
    let t2 = (hx - ox) * inv;
    if (t1 > t2) {
      const s = t1;
      t1 = t2;
      t2 = s;
    }
    if (t1 > near) {
      near = t1;
      axis = 0;
      sign = dx > 0 ? -1 : 1;
    }
    if (t2 < far) far = t2;
  } else if (ox < -hx || ox > hx) return Infinity;
  // y slab
  if (dy !== 0) {
    const inv = 1 / dy;
    let t1 = (-hy - oy) * inv;
    let t2 = (hy - oy) * inv;
    if (t1 > t2) {
      const s = t1;
      t1 = t2;
      t2 = s;
    }
    if (t1 > near) {
      near = t1;
      axis = 1;
      sign = dy > 0 ? -1 : 1;
    }
    if (t2 < far) far = t2;
  } else if (oy < -hy || oy > hy) return Infinity;
  // z slab
  if (dz !== 0) {
    const inv = 1 / dz;
    let t1 = (-hz - oz) * inv;
    let t2 = (hz - oz) * inv;
    if (t1 > t2) {
      const s = t1;
      t1 = t2;
      t2 = s;
    }
    if (t1 > near) {
      near = t1;
      axis = 2;
      sign = dz > 0 ? -1 : 1;
    }
    if (t2 < far) far = t2;
  } else if (oz < -hz || oz > hz) return Infinity;
  if (near > far || near <= tMin) return Infinity;
  normal[0] = axis === 0 ? sign : 0;
  normal[1] = axis === 1 ? sign : 0;
  normal[2] = axis === 2 ? sign : 0;
  return near;
}

/**
 * Nearest hit with `t > tMin` of the ray `o + t d` with the capped cylinder
 * of radius `r` and half length `h` along z (cylinder frame); `Infinity` if
 * none. Writes the outward normal to `normal[0..2]`.
 */
export function intersectCylinderLocal(
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
  r: number,
  h: number,
  tMin: number,
  normal: Float64Array,
): number {
  let best = Infinity;
  const a = dx * dx + dy * dy;
  if (a > 1e-18) {
    const b = ox * dx + oy * dy;
    const c = ox * ox + oy * oy - r * r;
    const disc = b * b - a * c;
    if (disc >= 0) {
      const t = (-b - Math.sqrt(disc)) / a;
      if (t > tMin) {
        const z = oz + t * dz;
        if (z >= -h && z <= h) {
          best = t;
          normal[0] = (ox + t * dx) / r;
          normal[1] = (oy + t * dy) / r;
          normal[2] = 0;
        }
      }
    }
  }
  if (dz !== 0) {
    // only the cap facing the ray can be the first hit from outside
    const zc = dz > 0 ? -h : h;
    const t = (zc - oz) / dz;
    if (t > tMin && t < best) {
      const x = ox + t * dx;
      const y = oy + t * dy;
      if (x * x + y * y <= r * r) {
        best = t;
        normal[0] = 0;
        normal[1] = 0;
        normal[2] = dz > 0 ? -1 : 1;
      }
    }
  }
  return best;
}

/**
 * Nearest hit with `t > tMin` of the ray `o + t d` (origin relative to the
 * centre) with a sphere of radius `r`; `Infinity` if none. `d` need not be
 * unit length. Writes the outward normal to `normal[0..2]`.
 */
export function intersectSphereLocal(
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
  r: number,
  tMin: number,
  normal: Float64Array,
): number {
  const a = dx * dx + dy * dy + dz * dz;
  const b = ox * dx + oy * dy + oz * dz;
  const c = ox * ox + oy * oy + oz * oz - r * r;
  const disc = b * b - a * c;
  if (disc < 0) return Infinity;
  const t = (-b - Math.sqrt(disc)) / a;
  if (t <= tMin) return Infinity;
  normal[0] = (ox + t * dx) / r;
  normal[1] = (oy + t * dy) / r;
  normal[2] = (oz + t * dz) / r;
  return t;
}

/**
 * Nearest hit with `t > tMin` of the world ray `o + t d` with compiled object
 * `index` of `data`; `Infinity` if none. Writes the world-frame outward unit
 * normal to `normal[0..2]` (`scratch` holds the local normal).
 */
export function intersectCompiled(
  data: Float64Array,
  index: number,
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
  tMin: number,
  normal: Float64Array,
  scratch: Float64Array,
): number {
  const base = index * OBJECT_STRIDE;
  const type = data[base]!;
  const ex = ox - data[base + 1]!;
  const ey = oy - data[base + 2]!;
  const ez = oz - data[base + 3]!;
  if (type === SHAPE_SPHERE) {
    return intersectSphereLocal(ex, ey, ez, dx, dy, dz, data[base + O_HALF]!, tMin, normal);
  }
  const r00 = data[base + 4]!;
  const r01 = data[base + 5]!;
  const r02 = data[base + 6]!;
  const r10 = data[base + 7]!;
  const r11 = data[base + 8]!;
  const r12 = data[base + 9]!;
  const r20 = data[base + 10]!;
  const r21 = data[base + 11]!;
  const r22 = data[base + 12]!;
  // local = R^T (world - centre)
  const lox = r00 * ex + r10 * ey + r20 * ez;
  const loy = r01 * ex + r11 * ey + r21 * ez;
  const loz = r02 * ex + r12 * ey + r22 * ez;
  const ldx = r00 * dx + r10 * dy + r20 * dz;
  const ldy = r01 * dx + r11 * dy + r21 * dz;
  const ldz = r02 * dx + r12 * dy + r22 * dz;
  const t =
    type === SHAPE_CUBOID
      ? intersectBoxLocal(
          lox,
          loy,
          loz,
          ldx,
          ldy,
          ldz,
          data[base + O_HALF]!,
          data[base + O_HALF + 1]!,
          data[base + O_HALF + 2]!,
          tMin,
          scratch,
        )
      : intersectCylinderLocal(
          lox,
          loy,
          loz,
          ldx,
          ldy,
          ldz,
          data[base + O_HALF]!,
          data[base + O_HALF + 2]!,
          tMin,
          scratch,
        );
  if (t !== Infinity) {
    const nx = scratch[0]!;
    const ny = scratch[1]!;
    const nz = scratch[2]!;
    normal[0] = r00 * nx + r01 * ny + r02 * nz;
    normal[1] = r10 * nx + r11 * ny + r12 * nz;
    normal[2] = r20 * nx + r21 * ny + r22 * nz;
  }
  return t;
}

/** A ray hit: distance along the (unnormalised) direction, world point and outward unit normal. */
export interface RayHit {
  t: number;
  point: [number, number, number];
  normal: [number, number, number];
}

/** First hit (t > 0) of the ray `origin + t * direction` with one object, or `null`. Allocates: not for inner loops. */
export function intersectObject(object: RenderObject, origin: Vec3, direction: Vec3): RayHit | null {
  const data = compileObjects([object]);
  const normal = new Float64Array(3);
  const scratch = new Float64Array(3);
  const [ox, oy, oz] = origin;
  const [dx, dy, dz] = direction;
  const t = intersectCompiled(data, 0, ox, oy, oz, dx, dy, dz, 1e-9, normal, scratch);
  if (t === Infinity) return null;
  return { t, point: [ox + t * dx, oy + t * dy, oz + t * dz], normal: [normal[0]!, normal[1]!, normal[2]!] };
}
