/**
 * Procedural floor and wall textures: six of each, like ShapeStacks' six
 * floor and six wall images (ours are generated, so nothing is shipped or
 * downloaded). Each is drawn once, on first use, into a tileable 256 x 256
 * map (2 x 2 supersampled), with a mip pyramid; the renderer samples it
 * trilinearly with the pixel's footprint, so far-away checkers and planks
 * blur instead of aliasing. Colours are muted so the primary-coloured
 * objects stand out, as in ShapeStacks.
 */

/** A tileable texture with its mip pyramid. */
export interface MipTexture {
  /** Name of the pattern. */
  name: string;
  /** Side of level 0 in texels (a power of two). */
  size: number;
  /** World units one tile spans. */
  worldSize: number;
  /** Levels, largest first, each `n * n * 3` floats (RGB, 0..1), row-major. */
  levels: Float32Array[];
}

type Pattern = (u: number, v: number) => [number, number, number];

const SIZE = 256;

function hash2(ix: number, iy: number, seed: number): number {
  let h = Math.imul(ix, 374761393) ^ Math.imul(iy, 668265263) ^ Math.imul(seed, 2147483647);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Periodic value noise in 0..1 at lattice coordinates `(x, y)`, period `period` cells. */
function valueNoise(x: number, y: number, period: number, seed: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  // lattice coordinates modulo the period, so the noise tiles
  const xa = ((x0 % period) + period) % period;
  const ya = ((y0 % period) + period) % period;
  const xb = xa + 1 === period ? 0 : xa + 1;
  const yb = ya + 1 === period ? 0 : ya + 1;
  const a = hash2(xa, ya, seed);
  const b = hash2(xb, ya, seed);
  const c = hash2(xa, yb, seed);
  const d = hash2(xb, yb, seed);
  return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
}

/** Tileable fractal noise in about 0..1 over the unit tile, first octave `period` cells across. */
function fbm(u: number, v: number, period: number, octaves: number, seed: number): number {
  let sum = 0;
  let amplitude = 0.5;
  let total = 0;
  let p = period;
  for (let o = 0; o < octaves; o++) {
    sum += amplitude * valueNoise(u * p, v * p, p, seed + o * 7919);
    total += amplitude;
    amplitude *= 0.5;
    p *= 2;
  }
  return sum / total;
}

const fract = (x: number) => x - Math.floor(x);
const mix = (a: readonly number[], b: readonly number[], t: number): [number, number, number] => [
  a[0]! + (b[0]! - a[0]!) * t,
  a[1]! + (b[1]! - a[1]!) * t,
  a[2]! + (b[2]! - a[2]!) * t,
];
const scale = (c: readonly number[], k: number): [number, number, number] => [
  c[0]! * k,
  c[1]! * k,
  c[2]! * k,
];

/** Planks along u: `rows` planks across the tile, joints staggered, grain from stretched noise. */
function woodPattern(rows: number, light: number[], dark: number[], seed: number): Pattern {
  return (u, v) => {
    const row = Math.floor(v * rows);
    const along = fract(u * 2 + hash2(row, 0, seed) * 0.999);
    const plank = Math.floor(u * 2 + hash2(row, 0, seed) * 0.999);
    const tone = 0.85 + 0.3 * hash2(row, plank, seed + 1);
    const grain = fbm(u, v, 4, 4, seed + 2) * 6 + v * rows * 3;
    const ring = 0.5 + 0.5 * Math.sin(grain * Math.PI * 2);
    let c = scale(mix(light, dark, ring * ring * 0.8), tone);
    const across = fract(v * rows);
    if (across < 0.04 || across > 0.96 || along < 0.008 || along > 0.992) c = scale(c, 0.55);
    return c;
  };
}

const FLOOR_PATTERNS: readonly { name: string; worldSize: number; pattern: Pattern }[] = [
  {
    name: 'checker',
    worldSize: 4,
    pattern: (u, v) => {
      const odd = (Math.floor(u * 8) + Math.floor(v * 8)) & 1;
      const n = 0.03 * (fbm(u, v, 16, 3, 11) - 0.5);
      const g = (odd ? 0.62 : 0.4) + n;
      return [g, g, g * 1.02];
    },
  },
  { name: 'wood', worldSize: 4, pattern: woodPattern(8, [0.7, 0.52, 0.33], [0.5, 0.34, 0.2], 21) },
  {
    name: 'marble',
    worldSize: 5,
    pattern: (u, v) => {
      const turbulence = fbm(u, v, 4, 5, 31);
      const vein = Math.abs(Math.sin(Math.PI * 2 * (u + v + turbulence * 2.2)));
      return mix([0.5, 0.5, 0.52], [0.82, 0.81, 0.78], vein ** 0.3);
    },
  },
  {
    name: 'tiles',
    worldSize: 4,
    pattern: (u, v) => {
      const tu = fract(u * 4);
      const tv = fract(v * 4);
      if (tu < 0.035 || tv < 0.035) return [0.78, 0.76, 0.7];
      const tone = 0.88 + 0.2 * hash2(Math.floor(u * 4), Math.floor(v * 4), 41);
      const n = 0.06 * (fbm(u, v, 32, 2, 42) - 0.5);
      return [0.64 * tone + n, 0.43 * tone + n, 0.31 * tone + n];
    },
  },
  {
    name: 'stripes',
    worldSize: 4,
    pattern: (u, v) => {
      const stripe = fract((u + v) * 6) < 0.5;
      return stripe ? [0.5, 0.56, 0.58] : [0.68, 0.71, 0.7];
    },
  },
  {
    name: 'gravel',
    worldSize: 3,
    pattern: (u, v) => {
      const n = fbm(u, v, 24, 4, 61);
      const speck = hash2(Math.floor(u * 256), Math.floor(v * 256), 62) > 0.93 ? 0.1 : 0;
      return mix([0.36, 0.33, 0.29], [0.66, 0.61, 0.53], n + speck);
    },
  },
];

const WALL_PATTERNS: readonly { name: string; worldSize: number; pattern: Pattern }[] = [
  {
    name: 'plaster',
    worldSize: 6,
    pattern: (u, v) => mix([0.68, 0.63, 0.55], [0.86, 0.83, 0.76], fbm(u, v, 8, 5, 71)),
  },
  {
    name: 'bricks',
    worldSize: 4,
    pattern: (u, v) => {
      const row = Math.floor(v * 8);
      const shifted = u * 4 + (row & 1 ? 0.5 : 0);
      const across = fract(shifted);
      const up = fract(v * 8);
      if (across < 0.04 || up < 0.08) return [0.74, 0.72, 0.67];
      const tone = 0.85 + 0.25 * hash2(Math.floor(shifted), row, 81);
      const n = 0.08 * (fbm(u, v, 32, 2, 82) - 0.5);
      return [0.6 * tone + n, 0.36 * tone + n, 0.3 * tone + n];
    },
  },
  {
    name: 'stripes',
    worldSize: 4,
    pattern: (u) => (fract(u * 8) < 0.5 ? [0.7, 0.74, 0.8] : [0.86, 0.87, 0.89]),
  },
  {
    name: 'wood',
    worldSize: 4,
    pattern: (u, v) => woodPattern(8, [0.74, 0.58, 0.4], [0.55, 0.4, 0.26], 91)(v, u),
  },
  {
    name: 'checker',
    worldSize: 4,
    pattern: (u, v) => ((Math.floor(u * 4) + Math.floor(v * 4)) & 1 ? [0.52, 0.56, 0.62] : [0.7, 0.73, 0.76]),
  },
  {
    name: 'diamonds',
    worldSize: 4,
    pattern: (u, v) => {
      const d = Math.abs(fract(u * 8) - 0.5) + Math.abs(fract(v * 8) - 0.5);
      return d < 0.3 ? [0.6, 0.66, 0.56] : [0.84, 0.83, 0.76];
    },
  },
];

/** Names of the floor textures, by index (the scene's `floorTexture`). */
export const FLOOR_TEXTURES: readonly string[] = FLOOR_PATTERNS.map((p) => p.name);
/** Names of the wall textures, by index (the scene's `wallTexture`). */
export const WALL_TEXTURES: readonly string[] = WALL_PATTERNS.map((p) => p.name);

function buildTexture(spec: { name: string; worldSize: number; pattern: Pattern }): MipTexture {
  const base = new Float32Array(SIZE * SIZE * 3);
  const sub = 2;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < sub; sy++) {
        for (let sx = 0; sx < sub; sx++) {
          const c = spec.pattern((x + (sx + 0.5) / sub) / SIZE, (y + (sy + 0.5) / sub) / SIZE);
          r += c[0];
          g += c[1];
          b += c[2];
        }
      }
      const k = (y * SIZE + x) * 3;
      const n = sub * sub;
      base[k] = Math.min(1, Math.max(0, r / n));
      base[k + 1] = Math.min(1, Math.max(0, g / n));
      base[k + 2] = Math.min(1, Math.max(0, b / n));
    }
  }
  const levels = [base];
  for (let n = SIZE / 2; n >= 1; n /= 2) {
    const prev = levels[levels.length - 1]!;
    const next = new Float32Array(n * n * 3);
    const m = n * 2;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        for (let c = 0; c < 3; c++) {
          const a = prev[(2 * y * m + 2 * x) * 3 + c]!;
          const b = prev[(2 * y * m + 2 * x + 1) * 3 + c]!;
          const d = prev[((2 * y + 1) * m + 2 * x) * 3 + c]!;
          const e = prev[((2 * y + 1) * m + 2 * x + 1) * 3 + c]!;
          next[(y * n + x) * 3 + c] = (a + b + d + e) / 4;
        }
      }
    }
    levels.push(next);
  }
  return { name: spec.name, size: SIZE, worldSize: spec.worldSize, levels };
}

const cache = new Map<string, MipTexture>();

function cached(kind: string, index: number, spec: { name: string; worldSize: number; pattern: Pattern }) {
  const key = `${kind}:${index}`;
  let texture = cache.get(key);
  if (!texture) {
    texture = buildTexture(spec);
    cache.set(key, texture);
  }
  return texture;
}

/** Floor texture `index` (0..5), built on first use and cached. The caller checks the range. */
export function floorTexture(index: number): MipTexture {
  return cached('floor', index, FLOOR_PATTERNS[index]!);
}

/** Wall texture `index` (0..5), built on first use and cached. The caller checks the range. */
export function wallTexture(index: number): MipTexture {
  return cached('wall', index, WALL_PATTERNS[index]!);
}

function bilinear(level: Float32Array, n: number, s: number, t: number, out: Float64Array, weight: number) {
  const x0f = Math.floor(s);
  const y0f = Math.floor(t);
  const fx = s - x0f;
  const fy = t - y0f;
  const mask = n - 1;
  const x0 = x0f & mask;
  const y0 = y0f & mask;
  const x1 = (x0 + 1) & mask;
  const y1 = (y0 + 1) & mask;
  const i00 = (y0 * n + x0) * 3;
  const i10 = (y0 * n + x1) * 3;
  const i01 = (y1 * n + x0) * 3;
  const i11 = (y1 * n + x1) * 3;
  const w00 = (1 - fx) * (1 - fy) * weight;
  const w10 = fx * (1 - fy) * weight;
  const w01 = (1 - fx) * fy * weight;
  const w11 = fx * fy * weight;
  out[0] = out[0]! + level[i00]! * w00 + level[i10]! * w10 + level[i01]! * w01 + level[i11]! * w11;
  out[1] =
    out[1]! + level[i00 + 1]! * w00 + level[i10 + 1]! * w10 + level[i01 + 1]! * w01 + level[i11 + 1]! * w11;
  out[2] =
    out[2]! + level[i00 + 2]! * w00 + level[i10 + 2]! * w10 + level[i01 + 2]! * w01 + level[i11 + 2]! * w11;
}

/**
 * Samples `texture` at world coordinates `(u, v)` with a pixel footprint of
 * `footprint` world units (trilinear between the two nearest mip levels).
 * Writes RGB to `out[0..2]`.
 */
export function sampleTexture(
  texture: MipTexture,
  u: number,
  v: number,
  footprint: number,
  out: Float64Array,
): void {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  const texelsPerUnit = texture.size / texture.worldSize;
  const maxLevel = texture.levels.length - 1;
  let lod = Math.log2(Math.max(footprint * texelsPerUnit, 1e-9));
  if (lod < 0) lod = 0;
  if (lod > maxLevel) lod = maxLevel;
  const l0 = Math.floor(lod);
  const frac = lod - l0;
  const n0 = texture.size >> l0;
  const k0 = n0 / texture.worldSize;
  bilinear(texture.levels[l0]!, n0, u * k0 - 0.5, v * k0 - 0.5, out, 1 - frac);
  if (frac > 0 && l0 < maxLevel) {
    const n1 = n0 >> 1;
    const k1 = n1 / texture.worldSize;
    bilinear(texture.levels[l0 + 1]!, n1, u * k1 - 0.5, v * k1 - 0.5, out, frac);
  }
}
