/** Reads a PNG file into an RGB float image; a missing or corrupt file is an error that names it. */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { DatasetError } from './dataset-error';
import type { RgbImage } from './image-transforms';

/** Decodes PNG bytes (any colour type pngjs reads) into RGB 0..255; alpha is dropped. */
export function decodePng(bytes: Uint8Array, file = '<buffer>'): RgbImage {
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    throw new DatasetError(
      // pngjs's own texts ("There are some read requests waitng on finished stream") mean nothing to a user.
      `${file} is not a readable PNG: it is truncated or not a PNG file; re-generate or re-download it`,
      {
        file,
        cause,
      },
    );
  }
  const n = png.width * png.height;
  const data = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[3 * i] = png.data[4 * i]!;
    data[3 * i + 1] = png.data[4 * i + 1]!;
    data[3 * i + 2] = png.data[4 * i + 2]!;
  }
  return { width: png.width, height: png.height, data };
}

/** Reads and decodes a PNG file. */
export function readPng(file: string): RgbImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new DatasetError(
      code === 'ENOENT' ? `image ${file} is missing` : `image ${file} cannot be read (${code})`,
      { file, cause },
    );
  }
  return decodePng(bytes, file);
}
