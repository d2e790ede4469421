/**
 * The shape of MNIST in memory (LeCun et al.; the base data of the paper's
 * Appendix B): its constants and one split held as bytes. No file access,
 * so it is part of the browser build; `loadMnist` (Node) fills it from the
 * IDX files, and a browser app can fill it from any bytes it fetched.
 */

/** Side length of an MNIST image in pixels. */
export const MNIST_SIDE = 28;
/** Pixels in one MNIST image (28 x 28). */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
/** Number of digit classes. */
export const MNIST_CLASSES = 10;

/** One split of MNIST held as bytes: the only copy of the data. */
export interface MnistSplit {
  /** `'train'` (60 000 images) or `'test'` (10 000). */
  split: 'train' | 'test';
  /** Number of examples (after `limit`). */
  count: number;
  /** Pixel intensities 0-255, `count x 784`, row-major. */
  images: Uint8Array;
  /** Digit labels 0-9, `count` long. */
  labels: Uint8Array;
}
