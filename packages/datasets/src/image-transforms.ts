/**
 * Image preprocessing for the tower images: resizing to the model's input,
 * normalisation, and ShapeStacks' training augmentations (random crop and
 * resize, horizontal flip, colour jitter, Gaussian noise). Images are RGB
 * Float32Arrays in HWC order with values 0..255 until normalised.
 */
import type { Rng } from './random';

/** An RGB image, HWC, values 0..255 (until normalised). */
export interface RgbImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** The ShapeStacks augmentations; each is off unless set. */
export interface TowerAugmentation {
  /** Random square-ish crop whose side is this fraction range of the image, then resized back; ShapeStacks: [196/224, 1]. */
  cropFraction?: [number, number];
  /** Probability of a horizontal flip; ShapeStacks uses 0.5. */
  flipProbability?: number;
  /** Maximum relative change of brightness, contrast and saturation, drawn uniformly in [-j, j]. */
  colorJitter?: number;
  /** Standard deviation of additive Gaussian pixel noise, in 0..255 units. */
  noiseStd?: number;
}

/** How pixel values are scaled after preprocessing. */
export type PixelScale = 'raw' | 'unit' | 'centered';

function filterWeights(inSize: number, outSize: number, start: number, span: number) {
  // Triangle (bilinear) filter, widened when shrinking so every input pixel counts (antialiasing).
  const scale = span / outSize;
  const support = Math.max(1, scale);
  const index: Int32Array[] = [];
  const weight: Float32Array[] = [];
  for (let o = 0; o < outSize; o++) {
    const centre = start + (o + 0.5) * scale - 0.5;
    const lo = Math.max(0, Math.floor(centre - support));
    const hi = Math.min(inSize - 1, Math.ceil(centre + support));
    const idx: number[] = [];
    const w: number[] = [];
    let sum = 0;
    for (let i = lo; i <= hi; i++) {
      const v = Math.max(0, 1 - Math.abs(i - centre) / support);
      if (v > 0) {
        idx.push(i);
        w.push(v);
        sum += v;
      }
    }
    if (sum === 0) {
      idx.push(Math.min(inSize - 1, Math.max(0, Math.round(centre))));
      w.push(1);
      sum = 1;
    }
    index.push(Int32Array.from(idx));
    weight.push(Float32Array.from(w, (v) => v / sum));
  }
  return { index, weight };
}

/**
 * Resizes the region `crop` (default: the whole image) to `outWidth` x
 * `outHeight` with a separable antialiased bilinear filter.
 */
export function resizeImage(
  image: RgbImage,
  outWidth: number,
  outHeight: number,
  crop: { x: number; y: number; width: number; height: number } = {
    x: 0,
    y: 0,
    width: image.width,
    height: image.height,
  },
): RgbImage {
  const { width: w, height: h, data } = image;
  const cols = filterWeights(w, outWidth, crop.x, crop.width);
  const rows = filterWeights(h, outHeight, crop.y, crop.height);
  // Horizontal pass over the rows the vertical pass needs.
  const tmp = new Float32Array(h * outWidth * 3);
  for (let y = 0; y < h; y++) {
    for (let ox = 0; ox < outWidth; ox++) {
      const idx = cols.index[ox]!;
      const wt = cols.weight[ox]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < idx.length; k++) {
        const p = (y * w + idx[k]!) * 3;
        const c = wt[k]!;
        r += data[p]! * c;
        g += data[p + 1]! * c;
        b += data[p + 2]! * c;
      }
      const q = (y * outWidth + ox) * 3;
      tmp[q] = r;
      tmp[q + 1] = g;
      tmp[q + 2] = b;
    }
  }
  const out = new Float32Array(outHeight * outWidth * 3);
  for (let oy = 0; oy < outHeight; oy++) {
    const idx = rows.index[oy]!;
    const wt = rows.weight[oy]!;
    for (let ox = 0; ox < outWidth; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < idx.length; k++) {
        const p = (idx[k]! * outWidth + ox) * 3;
        const c = wt[k]!;
        r += tmp[p]! * c;
        g += tmp[p + 1]! * c;
        b += tmp[p + 2]! * c;
      }
      const q = (oy * outWidth + ox) * 3;
      out[q] = r;
      out[q + 1] = g;
      out[q + 2] = b;
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}

/** Mirrors the image left to right, in place. */
export function flipHorizontal(image: RgbImage): RgbImage {
  const { width: w, height: h, data } = image;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w >> 1; x++) {
      const a = (y * w + x) * 3;
      const b = (y * w + (w - 1 - x)) * 3;
      for (let c = 0; c < 3; c++) {
        const t = data[a + c]!;
        data[a + c] = data[b + c]!;
        data[b + c] = t;
      }
    }
  }
  return image;
}

/** Scales brightness, contrast and saturation by factors in [1 - j, 1 + j], in place, clamped to 0..255. */
export function jitterColors(image: RgbImage, amount: number, rng: Rng): RgbImage {
  const brightness = 1 + rng.uniform(-amount, amount);
  const contrast = 1 + rng.uniform(-amount, amount);
  const saturation = 1 + rng.uniform(-amount, amount);
  const { data } = image;
  const n = data.length / 3;
  let mean = 0;
  for (let i = 0; i < n; i++)
    mean += 0.299 * data[3 * i]! + 0.587 * data[3 * i + 1]! + 0.114 * data[3 * i + 2]!;
  mean = (mean / n) * brightness;
  for (let i = 0; i < n; i++) {
    const r = data[3 * i]! * brightness;
    const g = data[3 * i + 1]! * brightness;
    const b = data[3 * i + 2]! * brightness;
    const grey = 0.299 * r + 0.587 * g + 0.114 * b;
    for (const [k, v] of [r, g, b].entries()) {
      const saturated = grey + (v - grey) * saturation;
      const contrasted = mean + (saturated - mean) * contrast;
      data[3 * i + k] = Math.min(255, Math.max(0, contrasted));
    }
  }
  return image;
}

/** Adds Gaussian noise of standard deviation `std` (0..255 units), in place, clamped to 0..255. */
export function addNoise(image: RgbImage, std: number, rng: Rng): RgbImage {
  const { data } = image;
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, Math.max(0, data[i]! + std * rng.normal()));
  return image;
}

/** Rescales 0..255 values: `raw` keeps them (as ShapeStacks' Inception-v4 did), `unit` maps to [0, 1], `centered` to [-1, 1]. */
export function scalePixels(image: RgbImage, scale: PixelScale): RgbImage {
  if (scale === 'raw') return image;
  const { data } = image;
  for (let i = 0; i < data.length; i++) data[i] = scale === 'unit' ? data[i]! / 255 : data[i]! / 127.5 - 1;
  return image;
}

/**
 * The whole per-image pipeline: optional augmentation (crop, flip, jitter,
 * noise, in ShapeStacks' order), resize to `size` x `size`, then scaling.
 */
export function preprocessImage(
  image: RgbImage,
  size: number,
  options: { augment?: TowerAugmentation; scale?: PixelScale; rng?: Rng } = {},
): RgbImage {
  const { augment, rng } = options;
  let crop = { x: 0, y: 0, width: image.width, height: image.height };
  if (augment?.cropFraction && rng) {
    const [lo, hi] = augment.cropFraction;
    const f = rng.uniform(lo, hi);
    const cw = Math.max(1, Math.round(image.width * f));
    const ch = Math.max(1, Math.round(image.height * f));
    crop = { x: rng.int(image.width - cw + 1), y: rng.int(image.height - ch + 1), width: cw, height: ch };
  }
  let out =
    crop.width === size && crop.height === size && crop.x === 0 && crop.y === 0
      ? { width: size, height: size, data: Float32Array.from(image.data) }
      : resizeImage(image, size, size, crop);
  if (augment && rng) {
    if (augment.flipProbability && rng.next() < augment.flipProbability) out = flipHorizontal(out);
    if (augment.colorJitter) out = jitterColors(out, augment.colorJitter, rng);
    if (augment.noiseStd) out = addNoise(out, augment.noiseStd, rng);
  }
  return scalePixels(out, options.scale ?? 'raw');
}
