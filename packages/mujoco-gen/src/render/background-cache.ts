/**
 * The per-camera cache of the static world: for each pixel centre, the
 * unit ray, which background surface (sky, floor or a wall) it meets, how
 * far, and the floor's and walls' filtered texture colours there. Towers
 * change between images but the ShapeStacks cameras and world do not, so
 * pixels outside every object's screen box cost a lookup and a shadow test.
 */
import type { Camera } from './camera';
import type { Tracer } from './tracer';
import { FLOOR, SKY, WALL_Y } from './world';

/** What a camera sees of the static world at each pixel centre. */
export interface CameraBackground {
  /** Background surface id per pixel (sky, floor or a wall). */
  surface: Uint8Array;
  /** Distance to it along the pixel's unit ray. */
  depth: Float64Array;
  /** The unit ray through each pixel centre (x, y, z). */
  rays: Float64Array;
  /** Texture colour per pixel (RGB) for each floor texture index used so far. */
  floor: Float32Array[];
  /** Texture colour per pixel (RGB) for each wall texture index used so far (both walls). */
  wall: Float32Array[];
}

/** Backgrounds of one image size, keyed by camera. */
export interface BackgroundCache {
  /**
   * The background of `camera` with the floor and wall textures of the
   * scene `tracer` is loaded with (computed with `tracer`, which must be
   * loaded for this camera).
   */
  get(tracer: Tracer, camera: Camera, floorTexture: number, wallTexture: number): CameraBackground;
}

/** Cameras whose backgrounds one renderer keeps (about 1.7 MB each plus 0.6 MB per texture used, at 224 x 224). */
const MAX_CACHED_CAMERAS = 16;

/** Creates an empty cache for `width x height` images. */
export function createBackgroundCache(width: number, height: number): BackgroundCache {
  const pixels = width * height;
  const backgrounds = new Map<string, CameraBackground>();

  function albedoMap(t: Tracer, bg: CameraBackground, kind: number): Float32Array {
    const map = new Float32Array(pixels * 3);
    for (let j = 0; j < height; j++) {
      for (let i = 0; i < width; i++) {
        const p = j * width + i;
        const surface = bg.surface[p]!;
        if (surface === SKY || (kind === FLOOR) !== (surface === FLOOR)) continue;
        t.aim(t.x0 + (i + 0.5) * t.kx, t.y0 - (j + 0.5) * t.ky);
        t.backgroundAlbedo(surface, bg.depth[p]!, t.dx, t.dy, t.dz);
        map[p * 3] = t.tex[0]!;
        map[p * 3 + 1] = t.tex[1]!;
        map[p * 3 + 2] = t.tex[2]!;
      }
    }
    return map;
  }

  function get(t: Tracer, camera: Camera, floorTexture: number, wallTexture: number): CameraBackground {
    const cameraKey = `${camera.position.join(',')}|${camera.yaw}|${camera.pitch}|${camera.fovy}`;
    let background = backgrounds.get(cameraKey);
    if (!background) {
      if (backgrounds.size >= MAX_CACHED_CAMERAS) backgrounds.clear();
      background = {
        surface: new Uint8Array(pixels),
        depth: new Float64Array(pixels),
        rays: new Float64Array(pixels * 3),
        floor: [],
        wall: [],
      };
      for (let j = 0; j < height; j++) {
        for (let i = 0; i < width; i++) {
          t.aim(t.x0 + (i + 0.5) * t.kx, t.y0 - (j + 0.5) * t.ky);
          const p = j * width + i;
          background.rays[p * 3] = t.dx;
          background.rays[p * 3 + 1] = t.dy;
          background.rays[p * 3 + 2] = t.dz;
          background.surface[p] = t.intersectBackground(t.dx, t.dy, t.dz, Infinity);
          background.depth[p] = t.bgT;
        }
      }
      backgrounds.set(cameraKey, background);
    }
    background.floor[floorTexture] ??= albedoMap(t, background, FLOOR);
    background.wall[wallTexture] ??= albedoMap(t, background, WALL_Y);
    return background;
  }

  return { get };
}
