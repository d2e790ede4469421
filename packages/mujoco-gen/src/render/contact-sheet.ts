/**
 * Contact sheets: many rendered images tiled into one, each with a text
 * label under it and an optional title on top, so a person can check a
 * generated data set at a glance (e.g. example towers per paper category).
 */
import { drawText, GLYPH_CELL, measureText } from './bitmap-font';
import { RenderError } from './render-error';
import type { RenderedImage } from './scene';

/** One image of a contact sheet. */
export interface ContactSheetTile {
  /** The image; every tile of a sheet must have the same size. */
  image: RenderedImage;
  /** Text under the image (cut with `..` if wider than the tile). */
  label: string;
}

/** How to lay out a contact sheet. */
export interface ContactSheetOptions {
  /** Tiles per row; default `ceil(sqrt(tile count))`. */
  columns?: number;
  /** Gap between tiles and around the sheet, in pixels; default 6. */
  padding?: number;
  /** Integer scale of the 5 x 7 label font; default 1. */
  labelScale?: number;
  /** Title line at the top (drawn at twice the label scale); default none. */
  title?: string;
  /** Background colour, RGB 0..255; default [24, 24, 28]. */
  background?: readonly [number, number, number];
  /** Text colour, RGB 0..255; default [235, 235, 235]. */
  textColor?: readonly [number, number, number];
}

function fitLabel(label: string, width: number, scale: number): string {
  if (measureText(label, scale) <= width) return label;
  const chars = Math.max(0, Math.floor(width / (GLYPH_CELL.width * scale)) - 2);
  return `${label.slice(0, chars)}..`;
}

/** Tiles `tiles` row by row into one image with labels (and a title if given). */
export function composeContactSheet(
  tiles: readonly ContactSheetTile[],
  options: ContactSheetOptions = {},
): RenderedImage {
  if (tiles.length === 0)
    throw new RenderError('composeContactSheet: no tiles given; pass at least one image');
  const first = tiles[0]!.image;
  const tileW = first.width;
  const tileH = first.height;
  tiles.forEach((tile, k) => {
    if (tile.image.width !== tileW || tile.image.height !== tileH) {
      throw new RenderError(
        `composeContactSheet: tile ${k} is ${tile.image.width} x ${tile.image.height}, expected ${tileW} x ${tileH} like tile 0; render all tiles at one size`,
      );
    }
  });
  const columns = options.columns ?? Math.ceil(Math.sqrt(tiles.length));
  const padding = options.padding ?? 6;
  const scale = options.labelScale ?? 1;
  if (!Number.isInteger(columns) || columns < 1) {
    throw new RenderError(`composeContactSheet: columns must be a positive integer, got ${columns}`);
  }
  if (!Number.isInteger(padding) || padding < 0) {
    throw new RenderError(`composeContactSheet: padding must be a non-negative integer, got ${padding}`);
  }
  if (!Number.isInteger(scale) || scale < 1) {
    throw new RenderError(`composeContactSheet: labelScale must be a positive integer, got ${scale}`);
  }
  const background = options.background ?? [24, 24, 28];
  const textColor = options.textColor ?? [235, 235, 235];
  const rows = Math.ceil(tiles.length / columns);
  const labelH = GLYPH_CELL.height * scale + 2;
  const titleScale = scale * 2;
  const titleH = options.title ? GLYPH_CELL.height * titleScale + padding : 0;
  const width = padding + columns * (tileW + padding);
  const height = padding + titleH + rows * (tileH + labelH + padding);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data[p * 4] = background[0];
    data[p * 4 + 1] = background[1];
    data[p * 4 + 2] = background[2];
    data[p * 4 + 3] = 255;
  }
  const sheet: RenderedImage = { width, height, data };
  if (options.title) {
    drawText(
      sheet,
      fitLabel(options.title, width - 2 * padding, titleScale),
      padding,
      padding,
      textColor,
      titleScale,
    );
  }
  tiles.forEach((tile, k) => {
    const x = padding + (k % columns) * (tileW + padding);
    const y = padding + titleH + Math.floor(k / columns) * (tileH + labelH + padding);
    const src = tile.image.data;
    for (let row = 0; row < tileH; row++) {
      data.set(src.subarray(row * tileW * 4, (row + 1) * tileW * 4), ((y + row) * width + x) * 4);
    }
    drawText(sheet, fitLabel(tile.label, tileW, scale), x, y + tileH + 2, textColor, scale);
  });
  return sheet;
}
