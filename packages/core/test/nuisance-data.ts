/**
 * A synthetic biased dataset for the stethoscope tests. Label y in {0, 1};
 * four weak signal features with mean (2y - 1) * 0.4 and unit noise (Bayes
 * accuracy about 0.79 from them alone); one clean nuisance feature
 * (2n - 1) + N(0, 0.3^2). In training the nuisance n agrees with y with
 * probability `agreement` (it "predicts the label"); at test n is independent
 * of y. A network that leans on n does worse at test.
 */
import * as tf from '@tensorflow/tfjs';
import { createSeededRandom } from '../src/random';

export interface NuisanceSplit {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
  n: tf.Tensor1D;
}

export const SIGNAL_FEATURES = 4;

export function makeNuisanceSplit(count: number, agreement: number, seed: number): NuisanceSplit {
  const random = createSeededRandom(seed);
  const gauss = () => {
    const u = 1 - random.next();
    const v = random.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const width = SIGNAL_FEATURES + 1;
  const x = new Float32Array(count * width);
  const y = new Float32Array(count);
  const n = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const label = random.next() < 0.5 ? 1 : 0;
    const nuisance = random.next() < agreement ? label : 1 - label;
    y[i] = label;
    n[i] = nuisance;
    for (let j = 0; j < SIGNAL_FEATURES; j++) x[i * width + j] = (2 * label - 1) * 0.4 + gauss();
    x[i * width + SIGNAL_FEATURES] = 2 * nuisance - 1 + 0.3 * gauss();
  }
  return { x: tf.tensor2d(x, [count, width]), y: tf.tensor1d(y), n: tf.tensor1d(n) };
}

/** Batch `index` (wrapping) of a split. */
export function sliceBatch(split: NuisanceSplit, index: number, size: number) {
  const count = split.y.shape[0];
  const start = (index * size) % (count - size + 1);
  return {
    x: split.x.slice([start, 0], [size, -1]),
    y: split.y.slice([start], [size]),
    n: split.n.slice([start], [size]),
  };
}
