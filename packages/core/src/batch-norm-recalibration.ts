/**
 * Batch norm's moving statistics recomputed from training batches. Not a
 * part of the paper: a support for the main networks its figures train.
 * With momentum 0.99 the moving averages that inference uses trail the
 * weights by about a hundred steps, so a network evaluated at the end of an
 * epoch is judged with statistics of earlier weights. On the tower task
 * (`tower-cnn`, eval split) that made easy accuracy swing between 0.64 and
 * 0.90 from one epoch to the next; recalibrated, it rose steadily.
 *
 * `recalibrateBatchNorm` runs the batches through the model in training
 * mode with each batch-norm layer's momentum set to k / (k + 1) for the
 * k-th batch, so the moving mean and variance end as the plain mean of the
 * batches' statistics. No weight is trained; the momenta are restored.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';

/** A model input: one tensor, or one per model input. */
export type RecalibrationBatch = tf.Tensor | tf.Tensor[];

/** What {@link recalibrateBatchNorm} did. */
export interface BatchNormRecalibration {
  /** Batch-norm layers whose statistics were recomputed. */
  layers: number;
  /** Batches their statistics average. */
  batches: number;
}

/** The batch-norm layers of a model, nested models included. */
export function batchNormLayers(model: tf.LayersModel): tf.layers.Layer[] {
  const found: tf.layers.Layer[] = [];
  const visit = (layers: readonly tf.layers.Layer[]) => {
    for (const layer of layers) {
      if (layer.getClassName() === 'BatchNormalization') found.push(layer);
      else if (layer instanceof tf.LayersModel) visit(layer.layers);
    }
  };
  visit(model.layers);
  return found;
}

/**
 * Replaces the moving mean and variance of every batch-norm layer of
 * `model` by the mean of their values over `batches` (the first `maxBatches`
 * of them, if given). The caller keeps ownership of the batch tensors.
 * Dropout layers run in training mode too, as they do while training.
 */
export async function recalibrateBatchNorm(
  model: tf.LayersModel,
  batches: Iterable<RecalibrationBatch> | AsyncIterable<RecalibrationBatch>,
  options: { maxBatches?: number } = {},
): Promise<BatchNormRecalibration> {
  const { maxBatches = Number.POSITIVE_INFINITY } = options;
  if (!(maxBatches >= 1) || (Number.isFinite(maxBatches) && !Number.isInteger(maxBatches))) {
    throw new InvalidArgumentError(
      `recalibrateBatchNorm: maxBatches must be a positive integer, got ${String(maxBatches)}`,
    );
  }
  const layers = batchNormLayers(model) as (tf.layers.Layer & { momentum: number })[];
  if (layers.length === 0) {
    throw new InvalidArgumentError(
      `recalibrateBatchNorm: model "${model.name}" has no BatchNormalization layer to recalibrate`,
    );
  }
  const momenta = layers.map((layer) => layer.momentum);
  let count = 0;
  try {
    for await (const batch of batches) {
      // k / (k + 1): the first batch replaces the old statistics, each later one joins the mean
      for (const layer of layers) layer.momentum = count / (count + 1);
      tf.tidy(() => {
        model.apply(batch, { training: true });
      });
      count++;
      if (count >= maxBatches) break;
    }
  } finally {
    layers.forEach((layer, i) => {
      layer.momentum = momenta[i]!;
    });
  }
  if (count === 0) {
    throw new InvalidArgumentError(
      'recalibrateBatchNorm: no batches were given; the statistics are unchanged',
    );
  }
  return { layers: layers.length, batches: count };
}
