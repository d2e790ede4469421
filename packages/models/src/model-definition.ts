/**
 * What a model contributes to the registry: a name, a description, default
 * configuration, a builder and the layers a stethoscope may tap (Section 3:
 * the stethoscope reads an intermediate representation Z of the main
 * network). Each model file exports one or more definitions made with
 * {@link defineModel}; `model-registry.ts` lists them.
 */
import type * as tf from '@tensorflow/tfjs';

/** One end point of a model: a layer a stethoscope can attach to. */
export interface ModelTap {
  /** Layer name; `model.getLayer(name)` returns it. */
  name: string;
  /** Output shape of the layer, batch dimension first (`null`). */
  shape: (number | null)[];
}

/** A registered model: how to build it and where it can be tapped. */
export interface ModelDefinition<Name extends string = string, Config extends object = object> {
  /** Registry name, kebab-case, e.g. `'inception-v4-small'`. */
  readonly name: Name;
  /** One line for `listModels()`: what the model is and where it comes from. */
  readonly description: string;
  /** Full configuration used when the caller gives none; the caller's fields override it. */
  readonly defaults: Readonly<Config>;
  /** Builds a fresh, randomly initialised model. Must be symbolic only (no forward pass). */
  build(config: Config): tf.LayersModel;
  /** Names of the layers to list as taps, input to output. Each must exist in the built model. */
  tapNames(config: Config): string[];
}

/**
 * Declares a model for the registry, keeping its name as a literal type for
 * `createModel`. The config type is taken from `defaults` (type it with `as`).
 */
export function defineModel<const Name extends string, Config extends object>(definition: {
  name: Name;
  description: string;
  defaults: Config;
  build(config: NoInfer<Config>): tf.LayersModel;
  tapNames(config: NoInfer<Config>): string[];
}): ModelDefinition<Name, Config> {
  return definition;
}
