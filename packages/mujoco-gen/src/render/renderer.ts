/**
 * The renderer of the tower images of the paper's data (Section 4, after
 * ShapeStacks): for each image it loads the scene into the ray caster
 * (`tracer.ts`), looks up what the camera sees of the static world
 * (`background-cache.ts`), bounds where the tower's shadow can fall
 * (`shadow-box.ts`), traces one ray per pixel (`primary-pass.ts`), refines
 * edges (`antialias.ts`) and converts to 8-bit RGBA. Deterministic: the same
 * scene and camera give the same bytes.
 */
import { antialias, type RenderStats } from './antialias';
import { createBackgroundCache } from './background-cache';
import type { Camera } from './camera';
import { LIGHTS } from './lights';
import { tracePrimaryRays } from './primary-pass';
import { type RenderOptions, resolveRenderOptions } from './render-options';
import { type RenderedImage, type RenderScene, validateScene } from './scene';
import { computeShadowBox } from './shadow-box';
import { FLOOR_TEXTURES, WALL_TEXTURES } from './textures';
import { Tracer } from './tracer';

/** A reusable renderer: keeps its work buffers between images of the same size. */
export interface Renderer {
  readonly width: number;
  readonly height: number;
  readonly options: Readonly<Required<RenderOptions>>;
  /** Renders `scene` as seen by `camera`; returns a fresh image. */
  render(scene: RenderScene, camera: Camera): RenderedImage;
  /** Work done by the last `render`: pixels re-traced by anti-aliasing, and primary rays traced. */
  readonly lastStats: RenderStats;
}

/** Creates a renderer for images of one size; see `RenderOptions` for the defaults. */
export function createRenderer(options: RenderOptions = {}): Renderer {
  const opts = resolveRenderOptions(options);
  const { width, height } = opts;
  const pixels = width * height;
  const color = new Float32Array(pixels * 3);
  const ids = new Int32Array(pixels);
  const refine = new Uint8Array(pixels);
  const tracer = new Tracer();
  const lastStats: RenderStats = { refinedPixels: 0, primaryRays: 0 };
  const backgrounds = createBackgroundCache(width, height);

  function render(scene: RenderScene, camera: Camera): RenderedImage {
    validateScene(scene, {
      floorTextures: FLOOR_TEXTURES.length,
      wallTextures: WALL_TEXTURES.length,
      lights: LIGHTS.length,
    });
    tracer.load(scene, camera, opts, width, height);
    const background = backgrounds.get(tracer, camera, scene.floorTexture, scene.wallTexture);
    const floorAlbedo = background.floor[scene.floorTexture]!;
    const wallAlbedo = background.wall[scene.wallTexture]!;
    tracer.cachedSurface = background.surface;
    tracer.floorMap = floorAlbedo;
    tracer.wallMap = wallAlbedo;
    computeShadowBox(tracer, camera, width, height, opts.shadows);

    tracePrimaryRays(tracer, background, floorAlbedo, wallAlbedo, width, height, color, ids);
    lastStats.refinedPixels = 0;
    lastStats.primaryRays = pixels;
    if (opts.antialias) antialias(tracer, opts, width, height, color, ids, refine, lastStats);

    const data = new Uint8ClampedArray(pixels * 4);
    for (let p = 0; p < pixels; p++) {
      data[p * 4] = color[p * 3]! * 255;
      data[p * 4 + 1] = color[p * 3 + 1]! * 255;
      data[p * 4 + 2] = color[p * 3 + 2]! * 255;
      data[p * 4 + 3] = 255;
    }
    return { width, height, data };
  }

  return { width, height, options: opts, render, lastStats };
}

/** Renders one image (a one-off `createRenderer(options).render(scene, camera)`). */
export function renderScene(scene: RenderScene, camera: Camera, options: RenderOptions = {}): RenderedImage {
  return createRenderer(options).render(scene, camera);
}
