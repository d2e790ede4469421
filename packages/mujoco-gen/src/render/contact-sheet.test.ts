import { describe, expect, it } from 'vitest';
import { drawText, GLYPH_CELL, measureText } from './bitmap-font';
import { composeContactSheet } from './contact-sheet';
import type { RenderedImage } from './scene';

function solid(width: number, height: number, rgb: [number, number, number]): RenderedImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) data.set([...rgb, 255], p * 4);
  return { width, height, data };
}
const at = (image: RenderedImage, x: number, y: number) => [
  ...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3),
];

describe('bitmap font', () => {
  it('draws the glyph of A pixel for pixel, lower case as upper case', () => {
    const image = solid(6, 7, [0, 0, 0]);
    drawText(image, 'a', 0, 0, [255, 255, 255]);
    const rows = [];
    for (let y = 0; y < 7; y++) {
      let row = '';
      for (let x = 0; x < 5; x++) row += at(image, x, y)[0] === 255 ? '#' : '.';
      rows.push(row);
    }
    expect(rows).toEqual(['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#']);
  });

  it('measures text in 6-pixel cells and scales', () => {
    expect(GLYPH_CELL).toEqual({ width: 6, height: 8 });
    expect(measureText('cam_1', 2)).toBe(60);
  });
});

describe('composeContactSheet', () => {
  const red = solid(20, 10, [255, 0, 0]);
  const green = solid(20, 10, [0, 255, 0]);
  const blue = solid(20, 10, [0, 0, 255]);

  it('tiles images row by row with labels under them', () => {
    const sheet = composeContactSheet(
      [
        { image: red, label: 'A' },
        { image: green, label: 'B' },
        { image: blue, label: 'C' },
      ],
      { columns: 2, padding: 2, background: [10, 10, 10], textColor: [200, 200, 200] },
    );
    const labelH = GLYPH_CELL.height + 2;
    expect(sheet.width).toBe(2 + 2 * (20 + 2));
    expect(sheet.height).toBe(2 + 2 * (10 + labelH + 2));
    expect(at(sheet, 2, 2)).toEqual([255, 0, 0]);
    expect(at(sheet, 2 + 22, 2)).toEqual([0, 255, 0]);
    expect(at(sheet, 2, 2 + 10 + labelH + 2)).toEqual([0, 0, 255]);
    expect(at(sheet, 0, 0)).toEqual([10, 10, 10]);
    // the label "A" under the first tile: its top bar starts one pixel in
    expect(at(sheet, 3, 2 + 10 + 2)).toEqual([200, 200, 200]);
    expect(at(sheet, 2, 2 + 10 + 2)).toEqual([10, 10, 10]);
  });

  it('adds a title and shortens labels wider than a tile', () => {
    const sheet = composeContactSheet([{ image: red, label: 'a very long label' }], {
      title: 'T',
      padding: 0,
    });
    expect(sheet.height).toBe(GLYPH_CELL.height * 2 + 10 + GLYPH_CELL.height + 2);
    // "T" at scale 2: its top bar is white-ish from x = 0
    expect(at(sheet, 0, 0)).toEqual([235, 235, 235]);
  });

  it('refuses tiles of different sizes and empty input', () => {
    expect(() =>
      composeContactSheet([
        { image: red, label: '' },
        { image: solid(8, 8, [0, 0, 0]), label: '' },
      ]),
    ).toThrow(/tile 1 is 8 x 8, expected 20 x 10/);
    expect(() => composeContactSheet([])).toThrow(/no tiles given/);
  });
});
