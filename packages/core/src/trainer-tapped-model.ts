/**
 * The trainer's tapped model, and the typed error for a stethoscope built on
 * another model than the one the trainer trains (tfjs alone would fail later
 * with a bare "Graph disconnected").
 */
import type * as tf from '@tensorflow/tfjs';
import { StethoscopeModelMismatchError } from './errors';
import type { Stethoscope } from './stethoscope';
import { createTappedModel, type TappedModel } from './tap';

/**
 * A stethoscope created on another model taps a tensor outside this model's
 * graph; tfjs would fail later with a bare "Graph disconnected".
 */
function assertTapInModel(model: tf.LayersModel, s: Stethoscope): void {
  const source = s.tap.sourceLayer as tf.layers.Layer | undefined;
  const inGraph = model.inputs.includes(s.tap) || (source !== undefined && model.layers.includes(source));
  if (!inGraph) throw mismatch(model, s);
}

function mismatch(model: tf.LayersModel, s: Stethoscope, cause?: unknown): StethoscopeModelMismatchError {
  return new StethoscopeModelMismatchError(
    `Stethoscope "${s.name}" taps "${s.tapLayerName}" of another model, not a layer of model "${model.name}" ` +
      'that this trainer trains. Create the stethoscope on the same model object you give the trainer: ' +
      'createStethoscope(model, ...) with that model.',
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Builds the tapped model. A layer shared by two models passes
 * {@link assertTapInModel} while its tap still belongs to the other graph;
 * tfjs then fails with "Graph disconnected", which is turned into the typed
 * error for the first stethoscope whose tap alone fails.
 */
export function buildTappedModel(model: tf.LayersModel, stethoscopes: readonly Stethoscope[]): TappedModel {
  for (const s of stethoscopes) assertTapInModel(model, s);
  try {
    return createTappedModel(
      model,
      stethoscopes.map((s) => s.tap),
    );
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('Graph disconnected')) throw error;
    for (const s of stethoscopes) {
      try {
        createTappedModel(model, [s.tap]);
      } catch {
        throw mismatch(model, s, error);
      }
    }
    throw error;
  }
}
