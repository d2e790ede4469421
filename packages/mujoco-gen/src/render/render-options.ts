/**
 * The renderer's options, their defaults and their validation.
 */
import { RenderError } from './render-error';

/** How to render. */
export interface RenderOptions {
  /** Image width in pixels; default 224. */
  width?: number;
  /** Image height in pixels; default 224. */
  height?: number;
  /** Adaptive anti-aliasing on edges; default true. */
  antialias?: boolean;
  /** Refined pixels are traced on an `aaGrid x aaGrid` grid; default 3 (2 to 8). */
  aaGrid?: number;
  /**
   * A colour step larger than this (0..1, any channel) to a neighbour also
   * triggers refinement; default `Infinity` (off: surface and shadow edges
   * are found by id, and textures are mip-filtered; 0.3 re-traces about 0.2%
   * more pixels, e.g. at specular highlights, and costs ~8% more time).
   */
  aaThreshold?: number;
  /** Trace shadow rays towards the scene's shadow-casting light; default true. */
  shadows?: boolean;
  /** Light that reaches every surface regardless of orientation; default 0.22. */
  ambient?: number;
  /** Diffuse intensity of the shadow-casting (key) light, replacing its fill intensity; default 0.45. */
  keyIntensity?: number;
}

/** The defaults of every option. */
export const RENDER_DEFAULTS: Readonly<Required<RenderOptions>> = {
  width: 224,
  height: 224,
  antialias: true,
  aaGrid: 3,
  aaThreshold: Number.POSITIVE_INFINITY,
  shadows: true,
  ambient: 0.22,
  keyIntensity: 0.45,
};

/** `options` with defaults filled in (an option given as undefined takes its default); throws `RenderError` on invalid values. */
export function resolveRenderOptions(options: RenderOptions): Required<RenderOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const o: Required<RenderOptions> = { ...RENDER_DEFAULTS, ...given };
  for (const key of ['width', 'height'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1 || o[key] > 8192) {
      throw new RenderError(`render option ${key} must be an integer from 1 to 8192, got ${o[key]}`);
    }
  }
  if (!Number.isInteger(o.aaGrid) || o.aaGrid < 2 || o.aaGrid > 8) {
    throw new RenderError(`render option aaGrid must be an integer from 2 to 8, got ${o.aaGrid}`);
  }
  for (const key of ['ambient', 'keyIntensity'] as const) {
    if (!Number.isFinite(o[key]) || o[key] < 0) {
      throw new RenderError(`render option ${key} must be a finite number >= 0, got ${o[key]}`);
    }
  }
  if (Number.isNaN(o.aaThreshold) || o.aaThreshold < 0) {
    throw new RenderError(
      `render option aaThreshold must be a number >= 0 (or Infinity), got ${o.aaThreshold}`,
    );
  }
  return o;
}
