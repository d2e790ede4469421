/**
 * Checkpoints and model weight files on disk, for Node (`@steth/core/node`).
 * The bytes come from the main entry's `serializeCheckpoint` /
 * `serializeModelWeights`; this module only writes them atomically
 * (temporary file, fsync, rename), so a crash mid-write leaves the previous
 * file intact, and reads them back for the checked restore. Not from the
 * paper: it is what makes long stethoscope runs resumable.
 *
 * It imports the main entry by its package name, not by relative path, so
 * the built `node` entry shares the main entry's classes (one
 * `CheckpointError`, one `StethError`) instead of bundling copies.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@steth/atomic-file';
import {
  CheckpointError,
  type CheckpointInfo,
  deserializeModel,
  restoreCheckpoint,
  restoreModelWeights,
  type SerializeCheckpointOptions,
  StethError,
  type StethoscopeTrainer,
  serializeCheckpoint,
  serializeModelWeights,
} from '@steth/core';
import type * as tf from '@tensorflow/tfjs';

export interface WriteFileOptions {
  /**
   * Called once the temporary file is complete and synced, just before it
   * replaces `path`. Throwing aborts the save (the temporary file is removed
   * and the previous file stays). For crash tests and progress reporting.
   */
  beforeCommit?: (temporaryPath: string) => void | Promise<void>;
}

export interface SaveCheckpointOptions extends SerializeCheckpointOptions, WriteFileOptions {}

/** Writes `bytes` to `path` through `@steth/atomic-file` (temporary file, fsync, rename, fsync of the folder). */
async function writeBytes(path: string, bytes: Uint8Array, options: WriteFileOptions): Promise<void> {
  try {
    await writeFileAtomic(path, bytes, { beforeCommit: options.beforeCommit });
  } catch (cause) {
    throw new StethError(
      `Could not write checkpoint ${path}: ${(cause as Error).message}. The previous file at that path (if any) is unchanged.`,
      { cause },
    );
  }
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (cause) {
    throw new CheckpointError(`Cannot read checkpoint ${path}: ${(cause as Error).message}.`, { cause });
  }
}

/** Writes a checkpoint of `trainer` to `path` (atomically: a crash keeps the previous file). */
export async function saveCheckpoint(
  trainer: StethoscopeTrainer,
  path: string,
  options: SaveCheckpointOptions = {},
): Promise<CheckpointInfo> {
  const { bytes, info } = await serializeCheckpoint(trainer, options);
  await writeBytes(path, bytes, options);
  return info;
}

/**
 * Restores `trainer` (built with the same model architecture and
 * stethoscopes) from a checkpoint file. Throws a `CheckpointError` for a
 * missing or damaged file and a `StethError` naming the first thing that
 * does not fit.
 */
export async function loadCheckpoint(trainer: StethoscopeTrainer, path: string): Promise<CheckpointInfo> {
  return restoreCheckpoint(trainer, await readBytes(path), { source: path });
}

/** Writes a model's topology and weights to `path` atomically. */
export async function saveModelWeights(
  model: tf.LayersModel,
  path: string,
  options: WriteFileOptions & { metadata?: Record<string, unknown> } = {},
): Promise<void> {
  const bytes = await serializeModelWeights(model, options);
  await writeBytes(path, bytes, options);
}

/**
 * Loads weights saved by {@link saveModelWeights} into `model`. Throws if the
 * file is damaged, or if a stored weight does not fit (naming the first).
 * Returns the stored metadata.
 */
export async function loadModelWeights(
  model: tf.LayersModel,
  path: string,
): Promise<Record<string, unknown>> {
  return restoreModelWeights(model, await readBytes(path), { source: `file ${path}` });
}

/** Rebuilds a whole model (topology and weights) from a weights file through `tf.io.fromMemory`. */
export async function loadModelFromWeightsFile(path: string): Promise<tf.LayersModel> {
  return deserializeModel(await readBytes(path), { source: path });
}
