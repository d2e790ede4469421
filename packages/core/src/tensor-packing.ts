/**
 * Packs named tensors into one byte buffer and back, for checkpoints
 * (checkpoint.ts, model-weights.ts). Float32, int32 and bool tensors, stored
 * little-endian in order, described by JSON entries.
 */
import * as tf from '@tensorflow/tfjs';
import { StethError } from './errors';

/** Where one tensor lives in a packed buffer. */
export interface PackedEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  offset: number;
  bytes: number;
}

/** Packs tensors (read synchronously) into one buffer. */
export function packTensors(tensors: readonly { name: string; tensor: tf.Tensor }[]): {
  entries: PackedEntry[];
  data: Uint8Array;
} {
  const entries: PackedEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { name, tensor } of tensors) {
    const dtype = tensor.dtype;
    if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
      throw new StethError(
        `Cannot store tensor "${name}" of dtype ${dtype}; expected float32, int32 or bool.`,
      );
    }
    const values = tensor.dataSync();
    const typed = dtype === 'float32' ? Float32Array.from(values) : Int32Array.from(values);
    const chunk = new Uint8Array(typed.buffer);
    entries.push({ name, shape: [...tensor.shape], dtype, offset, bytes: chunk.byteLength });
    chunks.push(chunk);
    offset += chunk.byteLength;
  }
  const data = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.byteLength;
  }
  return { entries, data };
}

/** Unpacks entries from a buffer into new tensors (the caller disposes them). */
export function unpackTensors(
  entries: readonly PackedEntry[],
  data: Uint8Array,
  baseOffset = 0,
): { name: string; tensor: tf.Tensor }[] {
  return entries.map((e) => {
    const start = data.byteOffset + baseOffset + e.offset;
    if (baseOffset + e.offset + e.bytes > data.byteLength) {
      throw new StethError(`Stored tensor "${e.name}" runs past the end of the data; the file is corrupted.`);
    }
    const copy = data.buffer.slice(start, start + e.bytes);
    const values = e.dtype === 'float32' ? new Float32Array(copy) : new Int32Array(copy);
    return { name: e.name, tensor: tf.tensor(values, e.shape, e.dtype) };
  });
}
