/**
 * Reads one file in the IDX format of the original MNIST distribution
 * (LeCun et al.): a big-endian header `0x00 0x00 <type> <ndim>`, one 32-bit
 * size per dimension, then the raw data. Plain and gzipped files are both
 * accepted. Only unsigned-byte data (type 0x08) is supported, which is what
 * MNIST uses. Data for the MNIST experiments of the paper's Appendix B.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { MnistFormatError } from './mnist-format-error';

/** A parsed IDX file: its dimensions and a view on its bytes (no copy). */
export interface IdxData {
  /** Size of each dimension, e.g. `[60000, 28, 28]`. */
  dims: number[];
  /** The data, row-major, `dims` product bytes long. */
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/** Reads an IDX file and checks it has `expectedDims` dimensions of unsigned bytes. */
export function readIdxFile(file: string, expectedDims: number): IdxData {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (error) {
    throw new MnistFormatError(
      file,
      'cannot be read; check the path or pass the directory that holds the MNIST IDX files.',
      {
        cause: error,
      },
    );
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = gunzipSync(raw);
    } catch (error) {
      throw new MnistFormatError(
        file,
        'is gzipped but cannot be decompressed (corrupt or truncated); download it again.',
        {
          cause: error,
        },
      );
    }
  }
  const expectedMagic = (UNSIGNED_BYTE << 8) | expectedDims;
  if (raw.length < 4) {
    throw new MnistFormatError(
      file,
      `is truncated: ${raw.length} bytes, shorter than the 4-byte IDX magic number.`,
    );
  }
  const magic = raw.readUInt32BE(0);
  if (magic !== expectedMagic) {
    throw new MnistFormatError(
      file,
      `has magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expectedMagic
        .toString(16)
        .padStart(8, '0')} (unsigned bytes, ${expectedDims} dimensions); is this the right MNIST file?`,
    );
  }
  const headerBytes = 4 + 4 * expectedDims;
  if (raw.length < headerBytes) {
    throw new MnistFormatError(
      file,
      `is truncated inside its header: ${raw.length} bytes, need ${headerBytes}.`,
    );
  }
  const dims = Array.from({ length: expectedDims }, (_, i) => raw.readUInt32BE(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  const available = raw.length - headerBytes;
  if (available !== size) {
    throw new MnistFormatError(
      file,
      `${available < size ? 'is truncated' : 'has trailing bytes'}: its header declares dimensions ${dims.join(' x ')} = ${size} bytes of data, but ${available} follow the header; download the file again.`,
    );
  }
  return { dims, data: new Uint8Array(raw.buffer, raw.byteOffset + headerBytes, size) };
}
