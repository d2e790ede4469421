import { describe, expect, it } from 'vitest';
import { flipHorizontal, preprocessImage, type RgbImage, resizeImage } from './image-transforms';
import { createRng } from './random';

const ramp = (w: number, h: number): RgbImage => {
  const data = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([x * 10, y * 10, 100], (y * w + x) * 3);
  return { width: w, height: h, data };
};

describe('image transforms', () => {
  it('downsizes by 2 as the average of each 2x2 block on a linear ramp', () => {
    const out = resizeImage(ramp(8, 8), 4, 4);
    // Output pixel (1, 2) covers input columns 2-3 and rows 4-5: mean x = 2.5, mean y = 4.5.
    const p = (2 * 4 + 1) * 3;
    expect(out.data[p]).toBeCloseTo(25, 4);
    expect(out.data[p + 1]).toBeCloseTo(45, 4);
    expect(out.data[p + 2]).toBeCloseTo(100, 4);
  });

  it('keeps a constant image constant at any size', () => {
    const img = { width: 5, height: 3, data: new Float32Array(45).fill(77) };
    const out = resizeImage(img, 7, 11);
    expect(out.data.every((v) => Math.abs(v - 77) < 1e-4)).toBe(true);
  });

  it('crops a region before resizing', () => {
    const out = resizeImage(ramp(8, 8), 2, 2, { x: 4, y: 0, width: 4, height: 4 });
    expect(out.data[0]).toBeCloseTo(45, 4); // columns 4-5 -> x mean 4.5
  });

  it('flips left to right', () => {
    const img = ramp(3, 1);
    flipHorizontal(img);
    expect(Array.from(img.data.filter((_, i) => i % 3 === 0))).toEqual([20, 10, 0]);
  });

  it('augments deterministically for a seed and keeps values in 0..255', () => {
    const augment = {
      cropFraction: [0.8, 1] as [number, number],
      flipProbability: 0.5,
      colorJitter: 0.3,
      noiseStd: 10,
    };
    const a = preprocessImage(ramp(10, 10), 6, { augment, rng: createRng(9) });
    const b = preprocessImage(ramp(10, 10), 6, { augment, rng: createRng(9) });
    expect(a.data).toEqual(b.data);
    expect(Math.min(...a.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.data)).toBeLessThanOrEqual(255);
    const centered = preprocessImage(ramp(4, 4), 4, { scale: 'centered' });
    expect(centered.data[2]).toBeCloseTo(100 / 127.5 - 1, 6);
  });
});
