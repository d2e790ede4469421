/**
 * Features of a frozen main network at several taps (paper Section 3's
 * analytic setting and Appendix A): one inference-mode forward pass per batch
 * serves every tap, from an extractor built once. Probes then train on the
 * cached features (freeze.ts, accessibility.ts) without touching theta. This
 * is core's one feature path: `computeTapFeatures` (freeze.ts) is one tap of
 * it over a tensor cut into batches.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';
import { resolveTap, type TapTarget } from './tap';

/** Model input(s) of one batch. */
export type FeatureBatch = tf.Tensor | tf.Tensor[];

export interface TapFeatureOptions {
  /** Reshape each tap's features to `[examples, width]` (default false: keep the tap's shape). */
  flatten?: boolean;
}

export interface ExtractTapFeaturesOptions extends TapFeatureOptions {
  /**
   * How many examples the batches hold in all, when known. Each tap's
   * features are then copied batch by batch into one buffer allocated once,
   * so the peak memory is the result plus one batch, rather than the result
   * twice (the batches' parts and their concatenation). A different total is
   * an error.
   */
  examples?: number;
}

/** Computes the features at a fixed list of taps; built once, used for many batches. */
export interface TapFeatureExtractor {
  /** The tapped tensors, in the order they were asked for. */
  readonly taps: readonly tf.SymbolicTensor[];
  /** Features at every tap for one batch, in inference mode (the caller disposes them). */
  extract(x: FeatureBatch): tf.Tensor[];
}

/**
 * Builds an extractor for `taps` (layer names or symbolic tensors of
 * `model`): a model from the main model's inputs to the distinct taps, so a
 * forward pass computes what the taps need and nothing after them (the main
 * output only when it is tapped; `model` may have several outputs).
 */
export function createTapFeatureExtractor(
  model: tf.LayersModel,
  taps: readonly TapTarget[],
  options: TapFeatureOptions = {},
): TapFeatureExtractor {
  if (taps.length === 0) {
    throw new InvalidArgumentError(
      'Feature extraction needs at least one tap (a layer name or symbolic tensor).',
    );
  }
  const tensors = taps.map((t) => resolveTap(model, t).tensor);
  // a model cannot list one tensor twice: duplicate taps share an output
  const distinct = [...new Set(tensors)];
  const extractor = tf.model({ inputs: model.inputs, outputs: distinct });
  const slots = tensors.map((t) => distinct.indexOf(t));
  return {
    taps: tensors,
    extract(x) {
      return tf.tidy(() => {
        const result = extractor.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
        const outs = Array.isArray(result) ? result : [result];
        return slots.map((i) => {
          const t = outs[i]!;
          return options.flatten ? t.reshape([t.shape[0]!, -1]) : t;
        });
      });
    },
  };
}

/**
 * Runs `model` in inference mode over `batches` (in order) and returns, per
 * tap, the features of all examples concatenated along the batch axis. The
 * extractor is built once; each batch's tensors may be disposed by the
 * producer once the next batch is requested. The caller disposes the result.
 */
export async function extractTapFeatures(
  model: tf.LayersModel,
  taps: readonly TapTarget[],
  batches: AsyncIterable<FeatureBatch> | Iterable<FeatureBatch>,
  options: ExtractTapFeaturesOptions = {},
): Promise<tf.Tensor[]> {
  const extractor = createTapFeatureExtractor(model, taps, options);
  const features =
    options.examples === undefined
      ? featureCollector(extractor)
      : preallocatedCollector(extractor, options.examples);
  try {
    for await (const x of batches) features.add(x);
    return features.concat();
  } finally {
    features.dispose();
  }
}

/**
 * As {@link extractTapFeatures} for batches that are at hand (no await), so
 * synchronous callers share the same path (internal: `computeTapFeatures`
 * uses it; not exported from the package).
 */
export function extractTapFeaturesSync(
  model: tf.LayersModel,
  taps: readonly TapTarget[],
  batches: Iterable<FeatureBatch>,
  options: TapFeatureOptions = {},
): tf.Tensor[] {
  const features = featureCollector(createTapFeatureExtractor(model, taps, options));
  try {
    for (const x of batches) features.add(x);
    return features.concat();
  } finally {
    features.dispose();
  }
}

/** Each tap's features batch by batch; `concat` joins them, `dispose` frees the parts. */
function featureCollector(extractor: TapFeatureExtractor) {
  const parts: tf.Tensor[][] = extractor.taps.map(() => []);
  return {
    add(x: FeatureBatch): void {
      for (const [i, t] of extractor.extract(x).entries()) parts[i]!.push(t);
    },
    concat(): tf.Tensor[] {
      if (parts[0]!.length === 0) {
        throw new InvalidArgumentError(
          'Feature extraction got no batches; give at least one batch of inputs.',
        );
      }
      return parts.map((p) => tf.concat(p, 0));
    },
    dispose(): void {
      for (const p of parts) tf.dispose(p);
    },
  };
}

/**
 * As {@link featureCollector}, for a known number of examples: each batch's
 * features are copied into one float32 buffer per tap and the batch's
 * tensors freed at once, so nothing is held twice.
 */
function preallocatedCollector(extractor: TapFeatureExtractor, examples: number) {
  if (!Number.isInteger(examples) || examples < 1) {
    throw new InvalidArgumentError(`examples must be a positive integer, got ${examples}.`);
  }
  let buffers: { values: Float32Array; shape: number[] }[] | undefined;
  let filled = 0;
  return {
    add(x: FeatureBatch): void {
      const outs = extractor.extract(x);
      try {
        const rows = outs[0]!.shape[0]!;
        if (filled + rows > examples) {
          throw new InvalidArgumentError(
            `Feature extraction was told to expect ${examples} examples but got at least ${filled + rows}.`,
          );
        }
        buffers ??= outs.map((t) => {
          const shape = [examples, ...t.shape.slice(1)];
          return { values: new Float32Array(shape.reduce((a, b) => a * b, 1)), shape };
        });
        outs.forEach((t, i) => {
          const { values } = buffers![i]!;
          const width = values.length / examples;
          values.set(t.dataSync() as Float32Array, filled * width);
        });
        filled += rows;
      } finally {
        tf.dispose(outs);
      }
    },
    concat(): tf.Tensor[] {
      if (!buffers || filled !== examples) {
        throw new InvalidArgumentError(
          `Feature extraction was told to expect ${examples} examples but got ${filled}.`,
        );
      }
      const result = buffers.map(({ values, shape }) => tf.tensor(values, shape, 'float32'));
      buffers = undefined;
      return result;
    },
    dispose(): void {
      buffers = undefined;
    },
  };
}
