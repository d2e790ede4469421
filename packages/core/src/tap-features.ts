/**
 * Features of a frozen main network at several taps (paper Section 3's
 * analytic setting and Appendix A): one inference-mode forward pass per batch
 * serves every tap, from an extractor built once. Probes then train on the
 * cached features (freeze.ts, accessibility.ts) without touching theta.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';
import { createTappedModel, resolveTap, type TapTarget } from './tap';

/** Model input(s) of one batch. */
export type FeatureBatch = tf.Tensor | tf.Tensor[];

export interface TapFeatureOptions {
  /** Reshape each tap's features to `[examples, width]` (default false: keep the tap's shape). */
  flatten?: boolean;
}

/** Computes the features at a fixed list of taps; built once, used for many batches. */
export interface TapFeatureExtractor {
  /** The tapped tensors, in the order they were asked for. */
  readonly taps: readonly tf.SymbolicTensor[];
  /** Features at every tap for one batch, in inference mode (the caller disposes them). */
  extract(x: FeatureBatch): tf.Tensor[];
}

/** Builds an extractor for `taps` (layer names or symbolic tensors of `model`). */
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
  const tapped = createTappedModel(model, tensors);
  const slots = tensors.map((t) => tapped.indexOf(t));
  return {
    taps: tensors,
    extract(x) {
      return tf.tidy(() => {
        const outs = tapped.run(x, false).taps;
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
  options: TapFeatureOptions = {},
): Promise<tf.Tensor[]> {
  const extractor = createTapFeatureExtractor(model, taps, options);
  const parts: tf.Tensor[][] = taps.map(() => []);
  try {
    for await (const x of batches) {
      for (const [i, t] of extractor.extract(x).entries()) parts[i]!.push(t);
    }
    if (parts[0]!.length === 0) {
      throw new InvalidArgumentError('Feature extraction got no batches; give at least one batch of inputs.');
    }
    return parts.map((p) => tf.concat(p, 0));
  } finally {
    for (const p of parts) tf.dispose(p);
  }
}
