/** Test helpers: run the same computation on `cpu` and `native` and compare. */
import * as tf from '@tensorflow/tfjs';
import '../src/index';

/** Deterministic uniform values in [-1, 1) from a seed (mulberry32). */
export function randomValues(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5) * 2;
  }
  return out;
}

/** Runs fn on a backend and returns every output's values (copied). */
export function runOn(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Float32Array[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const out = fn();
    return (Array.isArray(out) ? out : [out]).map((t) => Float32Array.from(t.dataSync()));
  });
}

/** Largest |native - cpu| divided by the largest |cpu| (normwise relative error). */
export function relError(native: Float32Array, cpu: Float32Array): number {
  if (native.length !== cpu.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < cpu.length; i++) {
    const a = native[i]!;
    const b = cpu[i]!;
    if (Number.isNaN(a) !== Number.isNaN(b)) return Number.POSITIVE_INFINITY;
    if (Number.isNaN(b)) continue;
    if (!Number.isFinite(b) || !Number.isFinite(a)) {
      if (a !== b) return Number.POSITIVE_INFINITY;
      continue;
    }
    diff = Math.max(diff, Math.abs(a - b));
    scale = Math.max(scale, Math.abs(b));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Worst relative error of fn's outputs on native against cpu; also checks shapes match. */
export function compareBackends(fn: () => tf.Tensor | tf.Tensor[]): number {
  const cpu = runOn('cpu', fn);
  const native = runOn('native', fn);
  let worst = 0;
  cpu.forEach((c, i) => {
    worst = Math.max(worst, relError(native[i]!, c));
  });
  return worst;
}

/** A tensor of the given shape with seeded random values. */
export function rand(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(randomValues(n, seed), shape);
}

export { nativeKernelCounts } from '../src/index';
