/**
 * Loads the compiled C++ addon (`build/Release/steth_native.node`, built by
 * node-gyp when the package is installed) and says why when it cannot. Not
 * from the paper: the native kernels are what make its experiments trainable
 * on a laptop CPU.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The addon's functions. Every array argument is read or written in place. */
export interface NativeAddon {
  info(): { isa: NativeIsa; threads: number };
  setThreads(n: number): number;
  setIsa(name: NativeIsa | 'auto'): boolean;
  /** params: batch, M, N, K, transposeA, transposeB, aBatchStride, bBatchStride. */
  matmul(a: Float32Array, b: Float32Array, c: Float32Array, params: Int32Array): void;
  conv2d(x: Float32Array, w: Float32Array, y: Float32Array, params: Int32Array): void;
  conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, params: Int32Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, params: Int32Array): void;
  maxPool(x: Float32Array, y: Float32Array, params: Int32Array): void;
  /** y, if given, is maxPool(x): the window maxima are read from it instead of recomputed. */
  maxPoolGrad(
    x: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    params: Int32Array,
    y?: Float32Array | null,
  ): void;
  avgPool(x: Float32Array, y: Float32Array, params: Int32Array): void;
  avgPoolGrad(dy: Float32Array, dx: Float32Array, params: Int32Array): void;
  binary(
    op: number,
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    shape: Int32Array,
    aStrides: Int32Array,
    bStrides: Int32Array,
  ): void;
  unary(op: number, alpha: number, x: Float32Array, y: Float32Array): void;
  biasActivation(
    y: Float32Array,
    rows: number,
    cols: number,
    bias: Float32Array | null,
    op: number,
    alpha: number,
  ): void;
  reduce(op: number, x: Float32Array, outer: number, reduce: number, inner: number, y: Float32Array): void;
  concat(inputs: Float32Array[], widths: Int32Array, outer: number, out: Float32Array): void;
  batchNorm(
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array,
    offset: Float32Array,
    varianceEpsilon: number,
    y: Float32Array,
  ): void;
  /** Gradient of FusedBatchNorm over [rows, C] (C = mean.length); scale null means 1. */
  batchNormGrad(
    x: Float32Array,
    dy: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    varianceEpsilon: number,
    dx: Float32Array,
    dmean: Float32Array,
    dvariance: Float32Array,
    dscale: Float32Array,
    doffset: Float32Array,
  ): void;
  /**
   * Training-mode batch norm over [rows, C] (C = mean.length): writes the batch mean and variance,
   * and y unless it is null (then batchNormNormalize writes it, the same bits).
   */
  batchNormTrain(
    x: Float32Array,
    scale: Float32Array | null,
    offset: Float32Array | null,
    varianceEpsilon: number,
    y: Float32Array | null,
    mean: Float32Array,
    variance: Float32Array,
  ): void;
  /** batchNormTrain's y from its statistics, or with relu, Relu(y) as the Relu kernel computes it. */
  batchNormNormalize(
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    offset: Float32Array | null,
    varianceEpsilon: number,
    relu: boolean,
    y: Float32Array,
  ): void;
  /** out = current - (current - value) * decay in float32, as tfjs's sub, mul, sub compute it. */
  movingAverage(current: Float32Array, value: Float32Array, decay: number, out: Float32Array): void;
  /**
   * Gradient of batchNormTrain through the statistics; null scale means 1, null gmean/gvariance mean 0.
   * With reluAfter, dy is the gradient of relu(y) (offset: the forward's, null meaning 0), and y's
   * gradient is dy * step(y) with y recomputed from x: the bits of reluGrad on ReLU's output.
   */
  batchNormTrainGrad(
    x: Float32Array,
    dy: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    gmean: Float32Array | null,
    gvariance: Float32Array | null,
    varianceEpsilon: number,
    dx: Float32Array,
    dscale: Float32Array,
    doffset: Float32Array,
    reluAfter?: boolean,
    offset?: Float32Array | null,
  ): void;
  /**
   * One Adam step of a variable, bit-identical to tfjs's op-by-op update;
   * scalars: beta1, 1 - beta1, beta2, 1 - beta2, 1 - accBeta1, 1 - accBeta2,
   * epsilon, -learningRate (each a float32).
   */
  adamUpdate(
    value: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    scalars: Float32Array,
    valueOut: Float32Array,
    mOut: Float32Array,
    vOut: Float32Array,
  ): void;
  tile(x: Float32Array, shape: Int32Array, reps: Int32Array, out: Float32Array): void;
  split(x: Float32Array, widths: Int32Array, outer: number, outputs: Float32Array[]): void;
  transpose(x: Float32Array, shape: Int32Array, perm: Int32Array, out: Float32Array): void;
  /** params: batch, outer, dim, slice, indices a batch. */
  gather(x: Float32Array, indices: Int32Array, params: Int32Array, out: Float32Array): void;
}

/** Micro-kernel families: AVX-512 (12x32 tile), AVX2+FMA (6x16), portable vectors (6x8). */
export type NativeIsa = 'avx512' | 'avx2' | 'portable';

export type AddonLoad = { ok: true; addon: NativeAddon } | { ok: false; reason: string };

let cached: AddonLoad | undefined;

function packageRoot(): string {
  // src/addon.ts and dist/index.{js,cjs} both sit one folder below the root.
  return join(dirname(fileURLToPath(import.meta.url)), '..');
}

/** Loads the addon once; never throws. */
export function loadAddon(): AddonLoad {
  if (cached) return cached;
  const root = packageRoot();
  const file = join(root, 'build', 'Release', 'steth_native.node');
  if (!existsSync(file)) {
    const errorFile = join(root, 'build', 'build-error.txt');
    const why = existsSync(errorFile)
      ? readFileSync(errorFile, 'utf8').split('\n')[0]
      : 'the install script did not run';
    cached = {
      ok: false,
      reason: `the C++ addon was not built (${why}); install python3, make and a C++ compiler, then run \`npm rebuild @steth/tfjs-backend-native\``,
    };
    return cached;
  }
  try {
    const require = createRequire(import.meta.url);
    cached = { ok: true, addon: require(file) as NativeAddon };
  } catch (cause) {
    cached = {
      ok: false,
      reason: `the C++ addon failed to load (${(cause as Error).message.split('\n')[0]}); rebuild it with \`npm rebuild @steth/tfjs-backend-native\``,
    };
  }
  return cached;
}
