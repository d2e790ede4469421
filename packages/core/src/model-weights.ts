/**
 * A tfjs LayersModel's weights (with its topology) as bytes, with plain
 * `@tensorflow/tfjs` in any environment: the model is serialised through
 * its own IO handler (`tf.io.withSaveHandler`) into a checked container
 * (checkpoint-container.ts), and `tf.io.fromMemory` rebuilds a model from
 * it. Loading into a model of another configuration fails with an error
 * naming the first weight that does not fit. Used for the main network
 * inside checkpoints and by other packages for trained models;
 * `@steth/core/node` writes the bytes to files.
 */
import * as tf from '@tensorflow/tfjs';
import { decodeContainer, encodeContainer } from './checkpoint-container';
import { StethError } from './errors';

const KIND = 'steth-model-weights';

/** A tfjs weight spec as stored (no quantisation). */
export interface StoredWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
}

/** The main model as the save handler saw it. */
export interface ModelArtifactsLite {
  modelTopology: unknown;
  weightSpecs: StoredWeightSpec[];
  weightData: Uint8Array;
}

/** Serialises a model (topology, weight specs, weight bytes) through a custom save handler. */
export async function captureModelArtifacts(model: tf.LayersModel): Promise<ModelArtifactsLite> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured) throw new StethError(`Saving model "${model.name}" produced no artifacts.`);
  const raw = captured.weightData;
  const buffers: ArrayBuffer[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    weightData.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  const weightSpecs = (captured.weightSpecs ?? []).map((s) => {
    if (s.quantization)
      throw new StethError(`Weight "${s.name}" is quantised; Steth stores float weights only.`);
    return { name: s.name, shape: [...s.shape], dtype: s.dtype as StoredWeightSpec['dtype'] };
  });
  return { modelTopology: captured.modelTopology, weightSpecs, weightData };
}

/** Decodes weight bytes into tensors in spec order (the caller disposes them). */
export function decodeWeights(specs: readonly StoredWeightSpec[], data: Uint8Array): tf.Tensor[] {
  let offset = 0;
  return specs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const bytesPer = s.dtype === 'bool' ? 1 : 4;
    const bytes = size * bytesPer;
    if (offset + bytes > data.byteLength) {
      throw new StethError(`Weight "${s.name}" runs past the end of the stored data; the file is corrupted.`);
    }
    const copy = data.buffer.slice(data.byteOffset + offset, data.byteOffset + offset + bytes);
    offset += bytes;
    const values =
      s.dtype === 'float32'
        ? new Float32Array(copy)
        : s.dtype === 'int32'
          ? new Int32Array(copy)
          : Int32Array.from(new Uint8Array(copy));
    return tf.tensor(values, s.shape, s.dtype);
  });
}

/**
 * Checks that stored specs fit `model.weights` one for one (count and
 * shapes, in order) and throws a {@link StethError} naming the first misfit.
 */
export function checkWeightsFit(
  model: tf.LayersModel,
  specs: readonly StoredWeightSpec[],
  source: string,
): void {
  const weights = model.weights;
  const n = Math.min(weights.length, specs.length);
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    const s = specs[i]!;
    if (!tf.util.arraysEqual(w.shape as number[], s.shape)) {
      throw new StethError(
        `${source} does not fit model "${model.name}": weight ${i} "${w.originalName}" has shape [${w.shape.join(', ')}] ` +
          `but the stored weight "${s.name}" has shape [${s.shape.join(', ')}]. ` +
          'Load it into a model built with the same configuration.',
      );
    }
  }
  if (weights.length !== specs.length) {
    const first =
      weights.length > specs.length
        ? `the model's weight ${n} "${weights[n]!.originalName}" has no stored value`
        : `the stored weight ${n} "${specs[n]!.name}" has no place in the model`;
    throw new StethError(
      `${source} does not fit model "${model.name}": it stores ${specs.length} weights, the model has ${weights.length}; ` +
        `${first}. Load it into a model built with the same configuration.`,
    );
  }
}

/** Sets a model's weights from stored specs and bytes, after {@link checkWeightsFit}. */
export function assignWeights(
  model: tf.LayersModel,
  specs: readonly StoredWeightSpec[],
  data: Uint8Array,
  source: string,
): void {
  checkWeightsFit(model, specs, source);
  const tensors = decodeWeights(specs, data);
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/** Serialises a model's topology and weights (and JSON-serialisable `metadata`) to bytes. */
export async function serializeModelWeights(
  model: tf.LayersModel,
  options: { metadata?: Record<string, unknown> } = {},
): Promise<Uint8Array> {
  const artifacts = await captureModelArtifacts(model);
  return encodeContainer(
    {
      kind: KIND,
      modelName: model.name,
      modelTopology: artifacts.modelTopology,
      weightSpecs: artifacts.weightSpecs,
      metadata: options.metadata ?? {},
    },
    artifacts.weightData,
  );
}

/**
 * Sets `model`'s weights from bytes made by {@link serializeModelWeights}.
 * Throws if the bytes are damaged, or if a stored weight does not fit
 * (naming the first). Returns the stored metadata. `source` names the
 * bytes in errors (default `"bytes"`).
 */
export async function restoreModelWeights(
  model: tf.LayersModel,
  bytes: Uint8Array,
  options: { source?: string } = {},
): Promise<Record<string, unknown>> {
  const source = options.source ?? 'bytes';
  const { header, payload } = await decodeContainer(bytes, KIND, source);
  assignWeights(model, header.weightSpecs as StoredWeightSpec[], payload, `Weights ${source}`);
  return (header.metadata as Record<string, unknown>) ?? {};
}

/** Rebuilds a whole model (topology and weights) from bytes made by {@link serializeModelWeights}. */
export async function deserializeModel(
  bytes: Uint8Array,
  options: { source?: string } = {},
): Promise<tf.LayersModel> {
  const { header, payload } = await decodeContainer(bytes, KIND, options.source ?? 'bytes');
  const weightData = payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: header.modelTopology as tf.io.ModelJSON['modelTopology'],
      weightSpecs: header.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: weightData as ArrayBuffer,
    }),
  );
}
