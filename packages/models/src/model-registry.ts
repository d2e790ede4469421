/**
 * The model registry: every network a stethoscope experiment can be run on,
 * built by name with its taps listed (Section 3: the stethoscope attaches to
 * a representation Z of the main network). To contribute a model, export a
 * definition from its file with `defineModel` and add it to
 * {@link MODEL_DEFINITIONS}; see CONTRIBUTING.md.
 */

import { InvalidArgumentError } from '@steth/core';
import type * as tf from '@tensorflow/tfjs';
import { inceptionV4Model, inceptionV4SmallModel } from './inception-v4-presets';
import { mlpModel } from './mlp';
import { mnistHintsOneHotModel, mnistHintsPixelsModel } from './mnist-hints-nets';
import type { ModelDefinition, ModelTap } from './model-definition';
import { towerCnnModel } from './tower-cnn';

/** Every registered model, one entry each. Add yours here. */
export const MODEL_DEFINITIONS = [
  inceptionV4Model,
  inceptionV4SmallModel,
  mlpModel,
  mnistHintsOneHotModel,
  mnistHintsPixelsModel,
  towerCnnModel,
] as const;

type RegisteredDefinition = (typeof MODEL_DEFINITIONS)[number];

/** Name of a registered model. */
export type ModelName = RegisteredDefinition['name'];

/** Configuration accepted by the registered model `N`. */
export type ModelConfig<N extends ModelName> =
  Extract<RegisteredDefinition, { name: N }> extends ModelDefinition<N, infer C> ? C : never;

/** What {@link createModel} returns. */
export interface CreatedModel<Config extends object = object> {
  /** The freshly built, randomly initialised model. Dispose it when done. */
  model: tf.LayersModel;
  /** Its end points, input to output, with their output shapes. */
  taps: ModelTap[];
  /** The configuration it was built with: the definition's defaults under the caller's fields. */
  config: Config;
}

/** One line of {@link listModels}. */
export interface ModelListing {
  name: ModelName;
  description: string;
}

function findDefinition(name: string): ModelDefinition<string, object> {
  const definition = MODEL_DEFINITIONS.find((d) => d.name === name);
  if (!definition) {
    throw new InvalidArgumentError(
      `Unknown model "${name}". Registered models: ${MODEL_DEFINITIONS.map((d) => d.name).join(', ')}. ` +
        'Call listModels() for their descriptions, or register yours in model-registry.ts (see CONTRIBUTING.md).',
    );
  }
  return definition as unknown as ModelDefinition<string, object>;
}

/** The named layers of `model` with their output shapes, read from the graph (no forward pass). */
export function tapsOf(model: tf.LayersModel, names: string[]): ModelTap[] {
  return names.map((name) => {
    let layer: tf.layers.Layer;
    try {
      layer = model.getLayer(name);
    } catch (cause) {
      throw new InvalidArgumentError(
        `Model "${model.name}" has no layer named "${name}", which its definition lists as a tap. ` +
          'Make tapNames() return the names of layers the builder creates.',
        { cause },
      );
    }
    const shape = layer.outputShape;
    if (Array.isArray(shape[0])) {
      throw new InvalidArgumentError(
        `Tap "${name}" of model "${model.name}" has several outputs; a tap must be a single-output layer (e.g. end a block in a concatenate layer).`,
      );
    }
    return { name, shape: [...(shape as (number | null)[])] };
  });
}

/**
 * Builds a registered model. `config` overrides the definition's defaults
 * field by field. Throws {@link InvalidArgumentError} for an unknown name
 * (listing the registered ones) or an invalid configuration. A name from
 * user input can be passed as `name as ModelName`: it is checked at run time.
 */
export function createModel<N extends ModelName>(
  name: N,
  config: Partial<ModelConfig<N>> = {},
): CreatedModel<ModelConfig<N>> {
  return createModelFromDefinition(findDefinition(name), config) as CreatedModel<ModelConfig<N>>;
}

/**
 * Builds a model from its definition, registered or not (the registry's
 * {@link createModel} does this after looking the name up): the defaults under
 * the caller's defined fields, then the taps read from the built graph.
 */
export function createModelFromDefinition<Config extends object>(
  definition: ModelDefinition<string, Config>,
  config: Partial<Config> = {},
): CreatedModel<Config> {
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const merged = { ...definition.defaults, ...defined } as Config;
  const model = definition.build(merged);
  try {
    return { model, taps: tapsOf(model, definition.tapNames(merged)), config: merged };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Names and descriptions of every registered model, in registration order. */
export function listModels(): ModelListing[] {
  return MODEL_DEFINITIONS.map((d) => ({ name: d.name, description: d.description }));
}
