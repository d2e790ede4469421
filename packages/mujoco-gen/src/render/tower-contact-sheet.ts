/**
 * The labelled contact sheet of a generated tower data set: one row per
 * paper category (A, B, C, D), the first view of a few example towers in
 * each, labelled with category, height and the interface where global
 * instability starts, so a person can check the data at a glance. Its
 * input is what the tower generator hands its contact-sheet hook.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodePng } from '@steth/datasets';
import { type ContactSheetTile, composeContactSheet } from './contact-sheet';
import { rgbaImage, writePngAtomic } from './png';
import { RenderError } from './render-error';
import type { RenderedImage } from './scene';

/** What the sheet needs of a manifest record (the generator's records have these fields and more). */
export interface ContactSheetRecord {
  /** Tower index. */
  index: number;
  /** Paper category, A to D. */
  category: string;
  /** Number of objects. */
  height: number;
  /** Interface where global instability starts (1-based), null if globally stable. */
  origin: number | null;
  /** Image paths relative to the data set folder; the first is shown. */
  images: readonly string[];
}

/** Where to write the sheet and which towers to show. */
export interface TowerContactSheetInput {
  /** The data set folder the image paths are relative to. */
  outDir: string;
  /** The PNG to write. */
  path: string;
  /** Example towers per category, in the order to show them. */
  examples: Readonly<Record<string, readonly ContactSheetRecord[]>>;
}

/** Shown with each category row. */
const CATEGORY_NAMES: Record<string, string> = {
  A: 'stable',
  B: 'global unstable',
  C: 'local unstable',
  D: 'both unstable',
};

function blank(width: number, height: number): RenderedImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data[p * 4] = 24;
    data[p * 4 + 1] = 24;
    data[p * 4 + 2] = 28;
    data[p * 4 + 3] = 255;
  }
  return { width, height, data };
}

/**
 * Writes the contact sheet (atomically); writes nothing when no example has
 * an image (no renderer ran). It fits the tower generator's contact-sheet
 * hook as it is.
 */
export async function writeTowerContactSheet(input: TowerContactSheetInput): Promise<void> {
  const rows = Object.entries(input.examples)
    .map(([category, records]) => [category, records.filter((r) => r.images.length > 0)] as const)
    .filter(([, records]) => records.length > 0);
  if (rows.length === 0) return;
  const columns = Math.max(...rows.map(([, records]) => records.length));
  const tiles: ContactSheetTile[] = [];
  let size: { width: number; height: number } | undefined;
  for (const [category, records] of rows) {
    for (const [k, record] of records.entries()) {
      const file = join(input.outDir, record.images[0]!);
      let image: RenderedImage;
      try {
        image = rgbaImage(decodePng(await readFile(file), file));
      } catch (cause) {
        throw new RenderError(
          `contact sheet: could not read the image of tower ${record.index} at "${file}"; is the data set complete?`,
          { cause },
        );
      }
      size ??= image;
      const origin = record.origin === null ? 'stable' : `origin ${record.origin}`;
      const label = k === 0 ? `${category}: ${CATEGORY_NAMES[category] ?? ''}` : '';
      tiles.push({
        image,
        label: `${label ? `${label} | ` : ''}#${record.index} h=${record.height} ${origin}`,
      });
    }
    for (let k = records.length; k < columns; k++)
      tiles.push({ image: blank(size!.width, size!.height), label: '' });
  }
  const sheet = composeContactSheet(tiles, {
    columns,
    title: `steth towers: ${rows.map(([c, r]) => `${c} x${r.length}`).join(', ')}`,
  });
  writePngAtomic(input.path, sheet, { mode: 'small' });
}
