/**
 * MNIST with planted hints, the two toy problems of the paper's Appendix B
 * (Fig. 8). A hint is extra input that is correlated with the digit in
 * training and independent of it in test, a shortcut a network can learn and
 * a stethoscope can suppress.
 *
 * How hints are drawn, exactly. For example `i` (in file order) two uniform
 * numbers `u` and `r` in [0, 1) are taken from the stream `createRng(seed)`,
 * in that order, for every example whatever the branch:
 *
 * - Variant 1 (Fig. 8a, one-hot hint, 10 hint classes): in training the hint
 *   is the true digit if `u < hintQuality`, and otherwise `floor(10 r)`, a
 *   uniformly random digit (which can also be the true one). So the hint
 *   equals the label with probability `q_h + (1 - q_h) / 10`.
 * - Variant 2 (Fig. 8b, hint drawn into the pixels, 100 hint classes): hint
 *   class `k` belongs to digit `k % 10` (ten classes a digit, many-to-one). In
 *   training the hint is `label + 10 floor(10 r)`, a uniformly random class
 *   of the true digit, if `u < hintQuality`, and otherwise `floor(100 r)`, a
 *   uniformly random class of all 100. Each class is a fixed set of
 *   `hintPixels` pixels in the empty 4-pixel border of the 28 x 28 image
 *   (MNIST digits sit in the central 20 x 20 box), chosen without repetition
 *   by a Fisher-Yates draw from `createRng(patternSeed)`, class 0 first. The
 *   pixels are set to `hintIntensity` when a batch is made.
 * - In test (or with `independentHints`), the hint is `floor(10 r)` or
 *   `floor(100 r)`: independent of the digit.
 *
 * The images are never copied: hints are stored as one byte per example and
 * drawn into each batch as it is made, so only the MNIST bytes and one batch
 * are held.
 */
import { MNIST_CLASSES, MNIST_PIXELS, MNIST_SIDE, type MnistSplit } from './mnist-split';
import { createRng, shuffleInPlace } from './random';

/** Number of hint classes of variant 2. */
export const PIXEL_HINT_CLASSES = 100;
/** Width of the empty border of MNIST images that variant 2 draws hints into. */
export const HINT_BORDER = 4;

/** Configures {@link createMnistHints}. */
export interface MnistHintsConfig {
  /** 1: one-hot hint beside the image (Fig. 8a); 2: hint drawn into the pixels (Fig. 8b). Required. */
  variant: 1 | 2;
  /** q_h, the probability that a training hint is drawn from the true digit; default 1. Ignored when hints are independent. */
  hintQuality?: number;
  /** Seed of the hint draws; default 0. */
  seed?: number;
  /** Draw hints independently of the labels; default: `true` for the test split, `false` for train. */
  independentHints?: boolean;
  /** Variant 2: pixels in each hint pattern; default 4. */
  hintPixels?: number;
  /** Variant 2: seed of the 100 hint patterns, shared by train and test; default 1234. */
  patternSeed?: number;
  /** Variant 2: intensity (0-255) of hint pixels; default 255. */
  hintIntensity?: number;
}

/** One batch, freshly allocated, ready to be wrapped in tensors. */
export interface MnistHintsBatch {
  /** Examples in this batch. */
  size: number;
  /** Dataset indices of the examples. */
  indices: Int32Array;
  /** Pixels scaled to [0, 1], `size x 784`; variant 2 with the hint pixels drawn in. */
  images: Float32Array;
  /** True digits. */
  labels: Int32Array;
  /** Hint classes (0-9 for variant 1, 0-99 for variant 2). */
  hints: Int32Array;
  /** The digit each hint belongs to (equal to `hints` for variant 1). */
  hintDigits: Int32Array;
}

/** Configures {@link MnistHintsDataset.batches}. */
export interface BatchOptions {
  /** Examples per batch; default 64. */
  batchSize?: number;
  /** Shuffle the order with this seed; default: file order, no shuffle. */
  shuffleSeed?: number;
  /** Drop a last batch smaller than `batchSize`; default false. */
  dropRemainder?: boolean;
}

/** MNIST with hints: labels and hints in memory, images drawn from the one MNIST copy per batch. */
export interface MnistHintsDataset {
  variant: 1 | 2;
  split: 'train' | 'test';
  /** Number of examples. */
  count: number;
  /** Number of hint classes: 10 (variant 1) or 100 (variant 2). */
  hintClasses: number;
  /** q_h used for the draws, or `null` when hints are independent of the labels. */
  hintQuality: number | null;
  /** True digits (a view on the MNIST labels). */
  labels: Uint8Array;
  /** Hint class of every example. */
  hints: Uint8Array;
  /** The digit a hint class belongs to. */
  hintDigit(hint: number): number;
  /** Variant 2: the pixel indices (0-783) of a hint class; variant 1: empty. */
  hintPattern(hint: number): readonly number[];
  /** Streams the dataset in batches. */
  batches(options?: BatchOptions): Generator<MnistHintsBatch>;
}

function borderPixels(): number[] {
  const pixels: number[] = [];
  for (let row = 0; row < MNIST_SIDE; row++) {
    for (let col = 0; col < MNIST_SIDE; col++) {
      const inside =
        row >= HINT_BORDER &&
        row < MNIST_SIDE - HINT_BORDER &&
        col >= HINT_BORDER &&
        col < MNIST_SIDE - HINT_BORDER;
      if (!inside) pixels.push(row * MNIST_SIDE + col);
    }
  }
  return pixels;
}

/** The 100 hint patterns of variant 2, a deterministic function of `patternSeed` and `hintPixels`. */
export function createHintPatterns(hintPixels = 4, patternSeed = 1234): number[][] {
  const border = borderPixels();
  if (!Number.isInteger(hintPixels) || hintPixels <= 0 || hintPixels > border.length) {
    throw new RangeError(
      `createHintPatterns: hintPixels must be an integer in [1, ${border.length}], got ${hintPixels}`,
    );
  }
  const rng = createRng(patternSeed);
  return Array.from({ length: PIXEL_HINT_CLASSES }, () =>
    shuffleInPlace([...border], rng)
      .slice(0, hintPixels)
      .sort((a, b) => a - b),
  );
}

/** Adds hints to an MNIST split (see the module comment for exactly how they are drawn). */
export function createMnistHints(base: MnistSplit, config: MnistHintsConfig): MnistHintsDataset {
  const { variant } = config;
  if (variant !== 1 && variant !== 2) {
    throw new RangeError(`createMnistHints: variant must be 1 or 2, got ${String(variant)}`);
  }
  const hintQuality = config.hintQuality ?? 1;
  if (!(hintQuality >= 0 && hintQuality <= 1)) {
    throw new RangeError(`createMnistHints: hintQuality (q_h) must be in [0, 1], got ${hintQuality}`);
  }
  const intensity = config.hintIntensity ?? 255;
  if (!(intensity >= 0 && intensity <= 255)) {
    throw new RangeError(`createMnistHints: hintIntensity must be in [0, 255], got ${intensity}`);
  }
  const independent = config.independentHints ?? base.split === 'test';
  const hintClasses = variant === 1 ? MNIST_CLASSES : PIXEL_HINT_CLASSES;
  const patterns =
    variant === 2 ? createHintPatterns(config.hintPixels ?? 4, config.patternSeed ?? 1234) : [];
  const rng = createRng(config.seed ?? 0);
  const hints = new Uint8Array(base.count);
  for (let i = 0; i < base.count; i++) {
    const u = rng.next();
    const r = rng.next();
    const label = base.labels[i]!;
    if (!independent && u < hintQuality) {
      hints[i] = variant === 1 ? label : label + MNIST_CLASSES * Math.floor(MNIST_CLASSES * r);
    } else {
      hints[i] = Math.floor(hintClasses * r);
    }
  }
  const hintDigit = (hint: number) => hint % MNIST_CLASSES;
  const scale = 1 / 255;
  const hintValue = intensity * scale;

  function* batches(options: BatchOptions = {}): Generator<MnistHintsBatch> {
    const batchSize = options.batchSize ?? 64;
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new RangeError(
        `MnistHintsDataset.batches: batchSize must be a positive integer, got ${batchSize}`,
      );
    }
    const order = Array.from({ length: base.count }, (_, i) => i);
    if (options.shuffleSeed !== undefined) shuffleInPlace(order, createRng(options.shuffleSeed));
    for (let start = 0; start < base.count; start += batchSize) {
      const size = Math.min(batchSize, base.count - start);
      if (size < batchSize && options.dropRemainder) return;
      const batch: MnistHintsBatch = {
        size,
        indices: new Int32Array(size),
        images: new Float32Array(size * MNIST_PIXELS),
        labels: new Int32Array(size),
        hints: new Int32Array(size),
        hintDigits: new Int32Array(size),
      };
      for (let j = 0; j < size; j++) {
        const index = order[start + j]!;
        batch.indices[j] = index;
        const offset = index * MNIST_PIXELS;
        const target = batch.images.subarray(j * MNIST_PIXELS, (j + 1) * MNIST_PIXELS);
        for (let p = 0; p < MNIST_PIXELS; p++) target[p] = base.images[offset + p]! * scale;
        const hint = hints[index]!;
        if (variant === 2) {
          for (const p of patterns[hint]!) target[p] = Math.max(target[p]!, hintValue);
        }
        batch.labels[j] = base.labels[index]!;
        batch.hints[j] = hint;
        batch.hintDigits[j] = hintDigit(hint);
      }
      yield batch;
    }
  }

  return {
    variant,
    split: base.split,
    count: base.count,
    hintClasses,
    hintQuality: independent ? null : hintQuality,
    labels: base.labels,
    hints,
    hintDigit,
    hintPattern: (hint) => (variant === 2 ? (patterns[hint] ?? []) : []),
    batches,
  };
}
