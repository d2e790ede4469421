/**
 * Configuration of Inception-v4 (Szegedy et al. 2017): the knobs that scale
 * the paper's network (input size, width, blocks per stage) without changing
 * its topology or its end-point names, plus the choices ShapeStacks and the
 * stethoscope paper made (224 x 224 input, one sigmoid logit, no batch norm,
 * dropout keep 0.8). Also the grid-size arithmetic of the valid-padded stem
 * and reduction blocks, which fixes the smallest input the network accepts.
 */
import { InvalidArgumentError } from '@steth/errors';

/** Configures {@link createInceptionV4}. Every field is optional. */
export interface InceptionV4Config {
  /**
   * Height and width of the square input image in pixels. Default 224, the
   * ShapeStacks image size the stethoscope paper trained on; the architecture
   * paper used 299. The smallest accepted is {@link inceptionV4MinInputSize}
   * (75): below it the valid-padded stride-2 convolutions of the stem and the
   * two reduction blocks run out of pixels.
   */
  inputSize?: number;
  /** Channels of the input image; default 3 (RGB). */
  inputChannels?: number;
  /**
   * Multiplies the filter count of every convolution (rounded, at least 1);
   * default 1, the paper's widths. 0.25 gives a model about 16 times cheaper.
   */
  widthMultiplier?: number;
  /**
   * Number of Inception-A, Inception-B and Inception-C blocks; default
   * `[4, 7, 3]` as in the paper. Each at least 1, at most 25 (block letters
   * run `b`..`z`): with fewer blocks the end points are `Mixed_5b`.. up to the
   * count, so `[1, 1, 1]` keeps `Mixed_5b`, `Mixed_6b` and `Mixed_7b`.
   */
  blocksPerStage?: readonly [number, number, number];
  /**
   * Width of the `Logits` layer; default 1, the single stability logit of
   * ShapeStacks (sigmoid cross-entropy). TF-slim's ImageNet model has 1001.
   */
  outputs?: number;
  /**
   * Batch normalisation after every convolution, as in TF-slim (decay 0.9997,
   * epsilon 0.001); default false, because ShapeStacks trained its Inception-v4
   * without it. Without batch norm every convolution has a bias; with it
   * convolutions have none and the batch norm holds the offset (`beta`).
   */
  batchNorm?: boolean;
  /**
   * Whether batch norm also learns a scale (`gamma`); default false as in
   * TF-slim's `inception_arg_scope` (the ReLU that follows makes it
   * redundant). Ports of the TF-slim weights to PyTorch and Keras learn it.
   * When false the scale weight still exists, frozen at 1 as a non-trainable
   * weight (tfjs 4.22's batch norm cannot train without one). Ignored without
   * {@link batchNorm}.
   */
  batchNormScale?: boolean;
  /** Probability of keeping a pre-logit unit in the dropout before `Logits`; default 0.8. 1 removes the dropout layer. */
  dropoutKeepProb?: number;
  /** Seed of the weight initialisers (each layer draws from `seed + its index`); default 0. */
  seed?: number;
  /** Name of the `tf.LayersModel`; default `'InceptionV4'`. */
  name?: string;
}

/** {@link InceptionV4Config} with every default filled in. */
export type ResolvedInceptionV4Config = Required<InceptionV4Config>;

/** The defaults of {@link InceptionV4Config}: ShapeStacks' Inception-v4. */
export const INCEPTION_V4_DEFAULTS: ResolvedInceptionV4Config = Object.freeze({
  inputSize: 224,
  inputChannels: 3,
  widthMultiplier: 1,
  blocksPerStage: Object.freeze([4, 7, 3] as const),
  outputs: 1,
  batchNorm: false,
  batchNormScale: false,
  dropoutKeepProb: 0.8,
  seed: 0,
  name: 'InceptionV4',
});

/** Most blocks in one stage: the block letters run from `b` to `z`. */
export const MAX_BLOCKS_PER_STAGE = 25;

/** Spatial size of a valid-padded k x k window with the given stride, or 0 if the input is smaller than the window. */
function validOutput(size: number, kernel: number, stride: number): number {
  return size < kernel ? 0 : Math.floor((size - kernel) / stride) + 1;
}

/** Side lengths of the feature grid after each stage of Inception-v4, for a square input. */
export interface InceptionV4GridSizes {
  /** After `Conv2d_1a_3x3` (3x3, stride 2, valid). */
  conv1a: number;
  /** After `Conv2d_2a_3x3` (3x3, valid); `Conv2d_2b_3x3` is same-padded. */
  conv2a: number;
  /** After `Mixed_3a` (3x3 stride-2 valid max pool and convolution). */
  mixed3a: number;
  /** After `Mixed_4a` (3x3 valid convolutions). */
  mixed4a: number;
  /** After `Mixed_5a`, the end of the stem, and through Inception-A (35 at 299). */
  mixed5a: number;
  /** After Reduction-A `Mixed_6a`, and through Inception-B (17 at 299). */
  mixed6a: number;
  /** After Reduction-B `Mixed_7a`, and through Inception-C (8 at 299). */
  mixed7a: number;
}

/**
 * The grid sizes an input of `inputSize` pixels goes through, following the
 * architecture paper's "V" (valid) marks. A 0 means the input is too small.
 */
export function inceptionV4GridSizes(inputSize: number): InceptionV4GridSizes {
  const conv1a = validOutput(inputSize, 3, 2);
  const conv2a = validOutput(conv1a, 3, 1);
  const mixed3a = validOutput(conv2a, 3, 2);
  const mixed4a = validOutput(mixed3a, 3, 1);
  const mixed5a = validOutput(mixed4a, 3, 2);
  const mixed6a = validOutput(mixed5a, 3, 2);
  const mixed7a = validOutput(mixed6a, 3, 2);
  return { conv1a, conv2a, mixed3a, mixed4a, mixed5a, mixed6a, mixed7a };
}

/** The smallest input side for which every stage keeps at least one pixel (75). */
export function inceptionV4MinInputSize(): number {
  let size = 1;
  while (inceptionV4GridSizes(size).mixed7a < 1) size += 1;
  return size;
}

function invalid(field: string, expected: string, got: unknown, hint: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `InceptionV4Config.${field} must be ${expected}, got ${JSON.stringify(got)}. ${hint}`,
  );
}

function checkPositiveInteger(field: string, value: number, hint: string): void {
  if (!Number.isInteger(value) || value < 1) throw invalid(field, 'a positive integer', value, hint);
}

/** Fills in the defaults and checks every field, throwing {@link InvalidArgumentError} naming the bad one. */
export function resolveInceptionV4Config(config: InceptionV4Config = {}): ResolvedInceptionV4Config {
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const resolved = { ...INCEPTION_V4_DEFAULTS, ...defined } as ResolvedInceptionV4Config;
  const minSize = inceptionV4MinInputSize();
  if (!Number.isInteger(resolved.inputSize) || resolved.inputSize < minSize) {
    throw invalid(
      'inputSize',
      `an integer >= ${minSize}`,
      resolved.inputSize,
      `Smaller inputs vanish in the valid-padded stride-2 convolutions of the stem and the reduction blocks. ` +
        `Use ${minSize} or more: 224 as in ShapeStacks, 299 as in the Inception-v4 paper, or a small size such as 96 for CPU runs.`,
    );
  }
  checkPositiveInteger('inputChannels', resolved.inputChannels, 'Use 3 for RGB images.');
  checkPositiveInteger(
    'outputs',
    resolved.outputs,
    'Use 1 for a single sigmoid logit, or the number of classes.',
  );
  const width = resolved.widthMultiplier;
  if (typeof width !== 'number' || !Number.isFinite(width) || width <= 0) {
    throw invalid(
      'widthMultiplier',
      'a positive number',
      width,
      'Use 1 for the paper widths, 0.25 for a model about 16x cheaper.',
    );
  }
  const blocks = resolved.blocksPerStage;
  if (!Array.isArray(blocks) || blocks.length !== 3) {
    throw invalid('blocksPerStage', 'three block counts [A, B, C]', blocks, 'The paper uses [4, 7, 3].');
  }
  blocks.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1 || n > MAX_BLOCKS_PER_STAGE) {
      throw invalid(
        `blocksPerStage[${i}]`,
        `an integer from 1 to ${MAX_BLOCKS_PER_STAGE}`,
        n,
        'Every stage needs at least one block so the end-point names stay those of the paper.',
      );
    }
  });
  const keep = resolved.dropoutKeepProb;
  if (typeof keep !== 'number' || !(keep > 0 && keep <= 1)) {
    throw invalid(
      'dropoutKeepProb',
      'a probability in (0, 1]',
      keep,
      'The paper keeps 0.8; 1 disables dropout.',
    );
  }
  if (!Number.isInteger(resolved.seed))
    throw invalid('seed', 'an integer', resolved.seed, 'Any integer works.');
  return { ...resolved, blocksPerStage: [blocks[0], blocks[1], blocks[2]] };
}

/** Filters of a convolution after the width multiplier: rounded, at least 1. */
export function scaleFilters(filters: number, widthMultiplier: number): number {
  return Math.max(1, Math.round(filters * widthMultiplier));
}
