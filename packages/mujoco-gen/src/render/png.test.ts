import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng as decodeRgb } from '@steth/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import { CAMERAS } from './camera';
import { encodePng, rgbaImage, writePngAtomic } from './png';
import { RenderError } from './render-error';
import { renderScene } from './renderer';

/** Decodes PNG bytes with the project's one decoder, as RGBA. */
const decodeRgba = (bytes: Uint8Array) => rgbaImage(decodeRgb(bytes));

const dir = mkdtempSync(join(tmpdir(), 'steth-png-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const image = renderScene(
  {
    objects: [
      {
        shape: 'sphere',
        size: [0.5, 0.5, 0.5],
        position: [0, 0, 0.5],
        quaternion: [1, 0, 0, 0],
        color: [1, 0, 1],
      },
    ],
    floorTexture: 2,
    wallTexture: 3,
    light: 1,
  },
  CAMERAS[0]!,
  { width: 40, height: 32 },
);

describe('PNG encoding', () => {
  it('round-trips a render through pngjs byte for byte (RGB and RGBA files)', () => {
    for (const [alpha, mode] of [
      [false, 'fast'],
      [true, 'small'],
    ] as const) {
      const bytes = encodePng(image, { alpha, mode });
      expect([...bytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      // colour type byte of the IHDR chunk: 2 = RGB, 6 = RGBA
      expect(bytes[25]).toBe(alpha ? 6 : 2);
      const decoded = decodeRgba(bytes);
      expect(decoded.width).toBe(40);
      expect(decoded.height).toBe(32);
      expect(Buffer.from(decoded.data).equals(Buffer.from(image.data))).toBe(true);
    }
  });

  it('writes atomically: the file appears complete and no temporary file remains', () => {
    const path = join(dir, 'nested', 'rgb-w=3-f=2-l=1-c=unique-cam_1-mono-0.png');
    writePngAtomic(path, image);
    writePngAtomic(path, image); // overwriting is fine
    expect(Buffer.from(decodeRgba(readFileSync(path)).data).equals(Buffer.from(image.data))).toBe(true);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['rgb-w=3-f=2-l=1-c=unique-cam_1-mono-0.png']);
  });

  it('says which path could not be written, and leaves nothing behind', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    expect(() => writePngAtomic(join(blocker, 'x.png'), image)).toThrow(RenderError);
    expect(() => writePngAtomic(join(blocker, 'x.png'), image)).toThrow(
      /could not write PNG to ".*a-file\/x\.png"/,
    );
  });

  it('rejects malformed images, and bytes that are not a PNG', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8ClampedArray(3) })).toThrow(
      /must hold width \* height \* 4 = 16 bytes/,
    );
    expect(() => decodeRgba(new Uint8Array([1, 2, 3]))).toThrow(/not a readable PNG/);
  });
});
