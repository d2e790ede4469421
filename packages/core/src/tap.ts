/**
 * Taps: where a stethoscope listens. A tap is an intermediate tensor Z of the
 * main network (paper Section 3, Figure 1), named by layer or given as a
 * symbolic tensor. Several taps are served by one multi-output model
 * `tf.model({inputs, outputs: [...taps, ...outputs]})` that shares the main
 * network's layers and weights, so every stethoscope reads the same forward
 * pass.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';

/** A layer name of the main model, or a symbolic tensor of its graph. */
export type TapTarget = string | tf.SymbolicTensor;

/** Head layer names of live stethoscopes, so a tap on one gets a precise error. */
const headLayers = new Map<string, string>();

/** Records the layer names of a stethoscope head (internal: createStethoscope calls it). */
export function registerHeadLayers(stethoscopeName: string, layerNames: readonly string[]): void {
  for (const layer of layerNames) headLayers.set(layer, stethoscopeName);
}

/** Forgets the layer names of a disposed stethoscope head. */
export function unregisterHeadLayers(layerNames: readonly string[]): void {
  for (const layer of layerNames) headLayers.delete(layer);
}

/** A tap resolved against a model. */
export interface ResolvedTap {
  /** The symbolic tensor Z. */
  tensor: tf.SymbolicTensor;
  /** Name of the layer that produces it. */
  layerName: string;
}

/**
 * Resolves a tap on `model`. Throws an {@link InvalidArgumentError} for an
 * unknown layer name (listing the layers that exist), a layer inside a
 * stethoscope head, a shared layer with several outputs, or a symbolic
 * tensor that is not part of the model.
 */
export function resolveTap(model: tf.LayersModel, target: TapTarget): ResolvedTap {
  if (typeof target === 'string') {
    const owner = headLayers.get(target);
    if (owner !== undefined) {
      throw new InvalidArgumentError(
        `Cannot tap "${target}": it is a layer inside the head of stethoscope "${owner}". ` +
          'Stethoscopes tap layers of the main network only; pick one of its layers.',
      );
    }
    const layer = model.layers.find((l) => l.name === target);
    if (!layer) {
      throw new InvalidArgumentError(
        `No layer named "${target}" in model "${model.name}". Layers that exist: ${model.layers
          .map((l) => l.name)
          .join(', ')}.`,
      );
    }
    let output: tf.SymbolicTensor | tf.SymbolicTensor[];
    try {
      output = layer.output;
    } catch (cause) {
      throw new InvalidArgumentError(
        `Layer "${target}" is used more than once in the model, so its output is ambiguous. ` +
          'Pass the symbolic tensor you mean instead of the layer name.',
        { cause },
      );
    }
    if (Array.isArray(output)) {
      throw new InvalidArgumentError(
        `Layer "${target}" has ${output.length} outputs. Pass the symbolic tensor you mean instead of the layer name.`,
      );
    }
    return { tensor: output, layerName: layer.name };
  }
  const source = target.sourceLayer as tf.layers.Layer | undefined;
  if (source && headLayers.has(source.name)) {
    throw new InvalidArgumentError(
      `Cannot tap the output of "${source.name}": it is a layer inside the head of stethoscope ` +
        `"${headLayers.get(source.name)}". Stethoscopes tap layers of the main network only.`,
    );
  }
  const inModel =
    source !== undefined &&
    model.layers.includes(source) &&
    [source.output].flat().includes(target as tf.SymbolicTensor);
  const isInput = model.inputs.includes(target);
  if (!inModel && !isInput) {
    throw new InvalidArgumentError(
      `The symbolic tensor "${target.name}" is not produced by a layer of model "${model.name}". ` +
        'Tap a tensor of the main model graph (e.g. model.getLayer(name).output) or pass a layer name.',
    );
  }
  return { tensor: target, layerName: source?.name ?? target.name };
}

/** One model computing several taps and the main output in one forward pass. */
export interface TappedModel {
  /** The multi-output model; shares layers and weights with the main model. */
  readonly model: tf.LayersModel;
  /** The distinct tapped tensors, in output order. */
  readonly taps: readonly tf.SymbolicTensor[];
  /**
   * Runs the forward pass: `taps[i]` is the value of the i-th distinct tap,
   * `output` the main model's output.
   */
  run(x: tf.Tensor | tf.Tensor[], training: boolean): { taps: tf.Tensor[]; output: tf.Tensor };
  /** Index into `taps` of a tensor given to {@link createTappedModel}. */
  indexOf(tap: tf.SymbolicTensor): number;
}

/**
 * Builds the multi-output model for `taps` on `model` (which must have one
 * output). Duplicate taps are computed once.
 */
export function createTappedModel(model: tf.LayersModel, taps: readonly tf.SymbolicTensor[]): TappedModel {
  if (model.outputs.length !== 1) {
    throw new InvalidArgumentError(
      `Model "${model.name}" has ${model.outputs.length} outputs; the stethoscope trainer expects one main output. ` +
        'Wrap it in a model with a single output (the main task).',
    );
  }
  const distinct = [...new Set(taps)];
  const output = model.outputs[0]!;
  // A tap on the output itself reuses the output (a model cannot list one tensor twice).
  const outputs = [...distinct.filter((t) => t !== output), output];
  const slot = distinct.map((t) => outputs.indexOf(t));
  const tapped = tf.model({ inputs: model.inputs, outputs });
  return {
    model: tapped,
    taps: distinct,
    indexOf: (tap) => distinct.indexOf(tap),
    run(x, training) {
      const result = tapped.apply(x, { training }) as tf.Tensor | tf.Tensor[];
      const all = Array.isArray(result) ? result : [result];
      return { taps: slot.map((i) => all[i]!), output: all[outputs.length - 1]! };
    },
  };
}
