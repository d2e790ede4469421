/**
 * The scene the renderer draws: a tower of objects (cuboids, capped
 * cylinders, spheres) in the ShapeStacks world (a textured floor, two
 * textured walls, one shadow-casting light), and the RGBA image it returns.
 * The data of the stethoscope paper (Section 4) are such renders of
 * ShapeStacks-like towers. `validateScene` checks a scene once, before any
 * ray is traced, and says which field is wrong.
 */
import { RenderError } from './render-error';

/** A point or direction `[x, y, z]` in the world frame (z up). */
export type Vec3 = readonly [number, number, number];

/** A rotation quaternion `[w, x, y, z]` (need not be normalised; it is normalised on use). */
export type Quaternion = readonly [number, number, number, number];

/** Shapes the renderer can draw. */
export type RenderShape = 'cuboid' | 'cylinder' | 'sphere';

/** One object of a tower. */
export interface RenderObject {
  /** Shape of the object. */
  shape: RenderShape;
  /**
   * Size: a cuboid's full edge lengths `[sx, sy, sz]` along its local axes; a
   * cylinder's `[radius, radius, length]` with its axis along local z; a
   * sphere's `[r, r, r]`.
   */
  size: Vec3;
  /** Centre of the object in the world frame (z up). */
  position: Vec3;
  /** Orientation, `[w, x, y, z]`, local to world. */
  quaternion: Quaternion;
  /** Colour `[r, g, b]`, each 0..1 (ShapeStacks uses the six primaries: red, green, blue, yellow, cyan, magenta). */
  color: Vec3;
}

/** What to render: the objects and the ShapeStacks-style world around them. */
export interface RenderScene {
  /** The objects (any number; a tower has 2 to 6). */
  objects: readonly RenderObject[];
  /** Floor texture index, 0 to `FLOOR_TEXTURES.length - 1` (ShapeStacks' `f=` field). */
  floorTexture: number;
  /** Wall texture index, 0 to `WALL_TEXTURES.length - 1` (ShapeStacks' `w=` field). */
  wallTexture: number;
  /** Index into `LIGHTS` of the one light that casts shadows (ShapeStacks' `l=` field), 0 to 4. */
  light: number;
}

/** An RGBA image, 8 bits a channel, rows top to bottom. */
export interface RenderedImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** `width * height * 4` bytes, RGBA, row-major from the top-left pixel. */
  data: Uint8ClampedArray;
}

const SHAPES: readonly RenderShape[] = ['cuboid', 'cylinder', 'sphere'];

function checkVector(where: string, value: unknown, length: number): void {
  if (!Array.isArray(value) || value.length !== length || !value.every((v) => Number.isFinite(v))) {
    throw new RenderError(
      `${where} must be an array of ${length} finite numbers, got ${JSON.stringify(value)}; ` +
        'check the values passed to the renderer',
    );
  }
}

function checkIndex(where: string, value: unknown, count: number): void {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= count) {
    throw new RenderError(`${where} must be an integer from 0 to ${count - 1}, got ${String(value)}`);
  }
}

/**
 * Throws a `RenderError` naming the first bad field of `scene`: an unknown
 * shape, a size that is not positive, a non-finite position, a zero
 * quaternion, a colour outside 0..1, or a texture or light index out of range.
 */
export function validateScene(
  scene: RenderScene,
  counts: { floorTextures: number; wallTextures: number; lights: number },
): void {
  if (scene === null || typeof scene !== 'object' || !Array.isArray(scene.objects)) {
    throw new RenderError('scene must be an object with an `objects` array');
  }
  checkIndex('scene.floorTexture', scene.floorTexture, counts.floorTextures);
  checkIndex('scene.wallTexture', scene.wallTexture, counts.wallTextures);
  checkIndex('scene.light', scene.light, counts.lights);
  scene.objects.forEach((object, k) => {
    const at = `scene.objects[${k}]`;
    if (!SHAPES.includes(object.shape)) {
      throw new RenderError(
        `${at}.shape must be one of ${SHAPES.join(', ')}, got ${JSON.stringify(object.shape)}`,
      );
    }
    checkVector(`${at}.size`, object.size, 3);
    if (!object.size.every((v: number) => v > 0)) {
      throw new RenderError(`${at}.size must be positive, got [${object.size.join(', ')}]`);
    }
    checkVector(`${at}.position`, object.position, 3);
    checkVector(`${at}.quaternion`, object.quaternion, 4);
    const [w, x, y, z] = object.quaternion;
    if (w * w + x * x + y * y + z * z < 1e-12) {
      throw new RenderError(`${at}.quaternion must not be zero; use [1, 0, 0, 0] for no rotation`);
    }
    checkVector(`${at}.color`, object.color, 3);
    if (!object.color.every((v: number) => v >= 0 && v <= 1)) {
      throw new RenderError(`${at}.color must be [r, g, b] with each 0..1, got [${object.color.join(', ')}]`);
    }
  });
}
