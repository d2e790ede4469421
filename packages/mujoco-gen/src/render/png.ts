/**
 * PNG encoding of rendered images (through `pngjs`; decoding is
 * `@steth/datasets`' `decodePng`, converted by `rgbaImage`), and writing one
 * to a file through `@steth/atomic-file`, so an interrupted run never
 * leaves a half-written image where a finished one is expected.
 */
import { writeFileAtomicSync } from '@steth/atomic-file';
import type { RgbImage } from '@steth/datasets';
import { PNG } from 'pngjs';
import { RenderError } from './render-error';
import type { RenderedImage } from './scene';

/** How to encode a PNG. */
export interface PngOptions {
  /**
   * `'fast'` (default): the Sub filter on every row and zlib level 3, about
   * 2x faster to encode than `'small'`: pngjs' adaptive per-row filter and
   * level 9, for files ~15% smaller (contact sheets, docs).
   */
  mode?: 'fast' | 'small';
  /** Keep the alpha channel (RGBA PNG); default false (RGB, like ShapeStacks' images; alpha is always 255 here). */
  alpha?: boolean;
}

function checkImage(image: RenderedImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RenderError(`image width and height must be positive integers, got ${width} x ${height}`);
  }
  if (!data || data.length !== width * height * 4) {
    throw new RenderError(
      `image data must hold width * height * 4 = ${width * height * 4} bytes (RGBA), got ${data?.length}`,
    );
  }
}

/** Encodes an RGBA image as an 8-bit RGB PNG (RGBA with `alpha: true`). */
export function encodePng(image: RenderedImage, options: PngOptions = {}): Buffer {
  checkImage(image);
  // A plain { width, height, data } rather than `new PNG(...)`: pngjs 7 keeps every PNG instance
  // (and so the image buffer it holds) alive even after a full GC, about 200 KB per 224 x 224
  // image (4.4 GB peak for 4,000 towers x 4 cameras); its sync writer only reads these fields.
  const metadata = {
    width: image.width,
    height: image.height,
    data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
  };
  const small = options.mode === 'small';
  return PNG.sync.write(metadata as unknown as PNG, {
    deflateLevel: small ? 9 : 3,
    filterType: small ? -1 : 1,
    colorType: options.alpha ? 6 : 2,
  });
}

/**
 * The RGBA image (alpha 255) of an RGB image as `@steth/datasets`'
 * `decodePng` returns it, the one PNG decoder of the project: its values
 * are whole numbers 0..255, so nothing is lost.
 */
export function rgbaImage(image: RgbImage): RenderedImage {
  const n = image.width * image.height;
  const data = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    data[4 * i] = image.data[3 * i]!;
    data[4 * i + 1] = image.data[3 * i + 1]!;
    data[4 * i + 2] = image.data[3 * i + 2]!;
    data[4 * i + 3] = 255;
  }
  return { width: image.width, height: image.height, data };
}

/**
 * Writes `image` as a PNG at `path` atomically (temporary file, fsync,
 * rename), creating the parent folder if needed. Throws a `RenderError`
 * naming the path if it cannot be written.
 */
export function writePngAtomic(path: string, image: RenderedImage, options: PngOptions = {}): void {
  const bytes = encodePng(image, options);
  try {
    writeFileAtomicSync(path, bytes, { mkdir: true });
  } catch (cause) {
    throw new RenderError(
      `could not write PNG to "${path}": ${(cause as Error).message}; check that the folder is writable`,
      { cause },
    );
  }
}
