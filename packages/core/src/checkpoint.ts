/**
 * Trainer checkpoints as bytes: everything needed to resume a stethoscope
 * run exactly (paper Section 3's theta, every psi, each optimiser's state,
 * the lambda-schedule position i.e. the step, and the trainer's RNG state),
 * serialised to a `Uint8Array` and restored from one. The main model goes
 * through its own tfjs IO handler (model-weights.ts); damaged bytes are
 * detected on restore (checkpoint-container.ts). Pure tfjs, so it runs in a
 * browser; `@steth/core/node` writes these bytes to files atomically.
 */
import * as tf from '@tensorflow/tfjs';
import { decodeContainer, encodeContainer } from './checkpoint-container';
import { StethError } from './errors';
import {
  captureModelArtifacts,
  checkWeightsFit,
  decodeWeights,
  type StoredWeightSpec,
} from './model-weights';
import { type PackedEntry, packTensors, unpackTensors } from './tensor-packing';
import type { StethoscopeTrainer } from './trainer-types';

const KIND = 'steth-trainer-checkpoint';

/** What a checkpoint says about itself. */
export interface CheckpointInfo {
  /** Training steps done when saved. */
  step: number;
  /** ISO time of saving. */
  savedAt: string;
  /** Caller-given metadata. */
  metadata: Record<string, unknown>;
}

export interface SerializeCheckpointOptions {
  /** JSON-serialisable metadata stored with the checkpoint (default {}). */
  metadata?: Record<string, unknown>;
}

export interface RestoreCheckpointOptions {
  /** What the bytes are called in error messages (default `"bytes"`; the node entry passes the file's path). */
  source?: string;
}

interface StethoscopeRecord {
  name: string;
  task: string;
  outputs: number;
  hidden: number;
  connection: string;
  inputSize: number;
  tapLayerName: string;
}

function describe(trainer: StethoscopeTrainer): StethoscopeRecord[] {
  return trainer.stethoscopes.map((s) => ({
    name: s.name,
    task: s.task.kind,
    outputs: s.task.outputs,
    hidden: s.head.hidden,
    connection: s.head.connection,
    inputSize: s.head.inputSize,
    tapLayerName: s.tapLayerName,
  }));
}

/**
 * Serialises a checkpoint of `trainer` to bytes (with what it says about
 * itself). Store them anywhere: a file (`saveCheckpoint` in
 * `@steth/core/node`), IndexedDB, a download.
 */
export async function serializeCheckpoint(
  trainer: StethoscopeTrainer,
  options: SerializeCheckpointOptions = {},
): Promise<{ bytes: Uint8Array; info: CheckpointInfo }> {
  const state = await trainer.getState();
  try {
    const model = await captureModelArtifacts(trainer.model);
    const named: { name: string; tensor: tf.Tensor }[] = [];
    const groups: Record<string, string[]> = {};
    for (const [name, weights] of Object.entries(state.stethoscopeWeights)) {
      groups[`psi/${name}`] = weights.map((w) => w.name);
      weights.forEach((w, i) => {
        named.push({ name: `psi/${name}/${i}`, tensor: w.tensor });
      });
    }
    const optimizerNames: Record<string, string[]> = {};
    for (const [name, weights] of Object.entries(state.optimizerWeights)) {
      optimizerNames[name] = weights.map((w) => w.name);
      weights.forEach((w, i) => {
        named.push({ name: `opt/${name}/${i}`, tensor: w.tensor });
      });
    }
    const layouts: { name: string; tensor: tf.Tensor }[] = [];
    for (const s of trainer.stethoscopes) {
      if (s.head.sparse)
        layouts.push({ name: `layout/${s.name}`, tensor: tf.tensor1d(s.head.sparse.inputIndices, 'int32') });
    }
    named.push(...layouts);
    let packed: ReturnType<typeof packTensors>;
    try {
      packed = packTensors(named);
    } finally {
      tf.dispose(layouts.map((l) => l.tensor));
    }
    const payload = new Uint8Array(model.weightData.byteLength + packed.data.byteLength);
    payload.set(model.weightData, 0);
    payload.set(packed.data, model.weightData.byteLength);
    const info: CheckpointInfo = {
      step: state.step,
      savedAt: new Date().toISOString(),
      metadata: options.metadata ?? {},
    };
    const bytes = await encodeContainer(
      {
        kind: KIND,
        version: 1,
        ...info,
        randomState: state.randomState,
        modelName: trainer.model.name,
        modelTopology: model.modelTopology,
        weightSpecs: model.weightSpecs,
        modelBytes: model.weightData.byteLength,
        stethoscopes: describe(trainer),
        optimizerNames,
        entries: packed.entries,
      },
      payload,
    );
    return { bytes, info };
  } finally {
    disposeState(state);
  }
}

/**
 * Restores `trainer` (built with the same model architecture and
 * stethoscopes) from checkpoint bytes made by {@link serializeCheckpoint}.
 * Throws a `CheckpointError` for damaged bytes and a {@link StethError}
 * naming the first thing that does not fit.
 */
export async function restoreCheckpoint(
  trainer: StethoscopeTrainer,
  bytes: Uint8Array,
  options: RestoreCheckpointOptions = {},
): Promise<CheckpointInfo> {
  const source = options.source ?? 'bytes';
  const { header, payload } = await decodeContainer(bytes, KIND, source);
  const saved = header.stethoscopes as StethoscopeRecord[];
  const current = describe(trainer);
  for (const s of current) {
    const match = saved.find((t) => t.name === s.name);
    if (!match) {
      throw new StethError(
        `Checkpoint ${source} has no stethoscope "${s.name}" (it has: ${saved.map((t) => t.name).join(', ') || 'none'}).`,
      );
    }
    for (const key of Object.keys(s) as (keyof StethoscopeRecord)[]) {
      if (s[key] !== match[key]) {
        throw new StethError(
          `Stethoscope "${s.name}" does not match checkpoint ${source}: ${key} is ${String(s[key])} here but ` +
            `${String(match[key])} in the checkpoint. Rebuild it with the saved configuration.`,
        );
      }
    }
  }
  const modelBytes = header.modelBytes as number;
  const specs = header.weightSpecs as StoredWeightSpec[];
  const modelData = payload.subarray(0, modelBytes);
  const tensors = unpackTensors(header.entries as PackedEntry[], payload, modelBytes);
  const byName = new Map(tensors.map((t) => [t.name, t.tensor]));
  try {
    const stethoscopeWeights: Record<string, { name: string; tensor: tf.Tensor }[]> = {};
    for (const s of current) {
      stethoscopeWeights[s.name] = [0, 1, 2, 3].map((i) => ({
        name: `${s.name}/${i}`,
        tensor: byName.get(`psi/${s.name}/${i}`)!,
      }));
    }
    const optimizerWeights: Record<string, { name: string; tensor: tf.Tensor }[]> = {};
    for (const [name, names] of Object.entries(header.optimizerNames as Record<string, string[]>)) {
      optimizerWeights[name] = names.map((n, i) => ({ name: n, tensor: byName.get(`opt/${name}/${i}`)! }));
    }
    checkWeightsFit(trainer.model, specs, `Checkpoint ${source}`);
    const modelWeights = decodeWeights(specs, modelData).map((tensor, i) => ({
      name: specs[i]!.name,
      tensor,
    }));
    tensors.push(...modelWeights);
    for (const s of trainer.stethoscopes) {
      const layout = byName.get(`layout/${s.name}`);
      if (layout) s.head.setSparseLayout(Int32Array.from(layout.dataSync()));
    }
    await trainer.setState({
      step: header.step as number,
      randomState: header.randomState as number,
      modelWeights,
      stethoscopeWeights,
      optimizerWeights,
    });
  } finally {
    tf.dispose(tensors.map((t) => t.tensor));
  }
  return {
    step: header.step as number,
    savedAt: header.savedAt as string,
    metadata: (header.metadata as Record<string, unknown>) ?? {},
  };
}

function disposeState(state: Awaited<ReturnType<StethoscopeTrainer['getState']>>): void {
  tf.dispose(state.modelWeights.map((w) => w.tensor));
  for (const ws of Object.values(state.stethoscopeWeights)) tf.dispose(ws.map((w) => w.tensor));
  for (const ws of Object.values(state.optimizerWeights)) tf.dispose(ws.map((w) => w.tensor));
}
