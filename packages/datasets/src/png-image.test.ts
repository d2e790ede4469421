import { describe, expect, it } from 'vitest';
import { solidPng } from '../test/tower-fixture';
import { decodePng } from './png-image';

describe('decodePng', () => {
  it('reads a PNG into RGB values', () => {
    const image = decodePng(solidPng(2, 1, [10, 20, 30]), 'a.png');
    expect([image.width, image.height, ...image.data]).toEqual([2, 1, 10, 20, 30, 10, 20, 30]);
  });

  it('says "truncated or not a PNG" for a cut-off file, not the decoder\'s own text', () => {
    const bytes = solidPng(16, 16, [1, 2, 3]);
    const decode = () => decodePng(bytes.subarray(0, bytes.length - 20), 'cut.png');
    expect(decode).toThrow(
      'cut.png is not a readable PNG: it is truncated or not a PNG file; re-generate or re-download it',
    );
    expect(() => decodePng(new TextEncoder().encode('hello'), 'text.png')).toThrow(
      /text\.png .* truncated or not a PNG/,
    );
  });
});
