import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng as decodeRgb } from '@steth/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import { CAMERAS, projectPoint } from './camera';
import { closeUpCamera } from './close-up-camera';
import { rgbaImage, writePngAtomic } from './png';
import { renderTower, renderTowerCloseUp } from './render-tower';
import { renderScene } from './renderer';
import type { RenderObject } from './scene';
import { writeTowerContactSheet } from './tower-contact-sheet';

/** Decodes PNG bytes with the project's one decoder, as RGBA. */
const decodeRgba = (bytes: Uint8Array) => rgbaImage(decodeRgb(bytes));

// a generator tower carries more fields than the renderer reads
const tower = {
  index: 7,
  category: 'B',
  objects: [
    {
      shape: 'cuboid',
      size: [0.8, 0.8, 0.5],
      position: [0, 0, 0.25],
      quaternion: [1, 0, 0, 0],
      color: [1, 0, 0],
      mass: 320,
      lying: false,
    },
    {
      shape: 'sphere',
      size: [0.3, 0.3, 0.3],
      position: [0.1, 0, 0.8],
      quaternion: [1, 0, 0, 0],
      color: [0, 1, 1],
      mass: 113,
      lying: false,
    },
  ] satisfies (RenderObject & { mass: number; lying: boolean })[],
  scene: { floorTexture: 2, wallTexture: 4, light: 3 },
};

describe('renderTower', () => {
  it('returns one PNG per requested camera, equal to rendering the scene directly', () => {
    const views = renderTower(tower, { imageSize: 48, cameras: [3, 0] });
    expect(views.map((v) => v.camera)).toEqual([3, 0]);
    const direct = renderScene({ objects: tower.objects, ...tower.scene }, CAMERAS[3]!, {
      width: 48,
      height: 48,
    });
    const decoded = decodeRgba(views[0]!.png);
    expect(decoded.width).toBe(48);
    expect(Buffer.from(decoded.data).equals(Buffer.from(direct.data))).toBe(true);
    // the sphere on top is cyan where cam_1 sees it
    const p = projectPoint(CAMERAS[0]!, [0.1, 0, 0.8], 48, 48)!;
    const image = decodeRgba(views[1]!.png);
    const k = (Math.round(p.y) * 48 + Math.round(p.x)) * 4;
    expect(Math.min(image.data[k + 1]!, image.data[k + 2]!)).toBeGreaterThan(2 * image.data[k]! + 20);
  });

  it('renders close up: the same camera moved in, so the tower covers far more of the image', () => {
    const size = 48;
    const [close] = renderTowerCloseUp(tower, { imageSize: size, cameras: [0] });
    const direct = renderScene(
      { objects: tower.objects, ...tower.scene },
      closeUpCamera(CAMERAS[0]!, tower.objects),
      {
        width: size,
        height: size,
      },
    );
    expect(Buffer.from(decodeRgba(close!.png).data).equals(Buffer.from(direct.data))).toBe(true);
    // pixels the tower (or its shadow) changes, against the empty world from the same camera
    const covered = (camera: (typeof CAMERAS)[number], image: Uint8ClampedArray) => {
      const empty = renderScene({ objects: [], ...tower.scene }, camera, { width: size, height: size }).data;
      let n = 0;
      for (let p = 0; p < size * size; p++) {
        if (Math.abs(image[p * 4]! - empty[p * 4]!) + Math.abs(image[p * 4 + 1]! - empty[p * 4 + 1]!) > 30)
          n++;
      }
      return n;
    };
    const far = decodeRgba(renderTower(tower, { imageSize: size, cameras: [0] })[0]!.png).data;
    const nearCovered = covered(closeUpCamera(CAMERAS[0]!, tower.objects), decodeRgba(close!.png).data);
    const farCovered = covered(CAMERAS[0]!, far);
    expect(farCovered).toBeGreaterThan(0);
    expect(nearCovered).toBeGreaterThan(10 * farCovered);
    expect(nearCovered).toBeLessThan(size * size);
  });

  it('names the cameras that exist when asked for another', () => {
    expect(() => renderTower(tower, { imageSize: 32, cameras: [4] })).toThrow(
      /camera 4 does not exist; cameras are numbered 0 to 3 \(cam_1, cam_4, cam_7, cam_10\)/,
    );
  });
});

describe('writeTowerContactSheet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steth-sheet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lays out one row per category with labelled first views, padding short rows', async () => {
    const views = renderTower(tower, { imageSize: 40, cameras: [0] });
    writePngAtomic(join(dir, 'a.png'), decodeRgba(views[0]!.png));
    const record = (index: number, category: string, origin: number | null) => ({
      index,
      category,
      height: 2,
      origin,
      images: ['a.png'],
    });
    const path = join(dir, 'contact-sheet.png');
    await writeTowerContactSheet({
      outDir: dir,
      path,
      examples: {
        A: [record(0, 'A', null), record(4, 'A', null), record(8, 'A', null)],
        B: [record(1, 'B', 1)],
        C: [],
        D: [{ ...record(3, 'D', 1), images: [] }],
      },
    });
    const sheet = decodeRgba(readFileSync(path));
    // 3 columns of 40 px plus padding 6; a title row and 2 category rows (C and D have no images)
    expect(sheet.width).toBe(6 + 3 * (40 + 6));
    expect(sheet.height).toBe(6 + (16 + 6) + 2 * (40 + 10 + 6));
    // the padded slot in row B is background
    const k = ((6 + 22 + 56 + 20) * sheet.width + (6 + 2 * 46 + 20)) * 4;
    expect([...sheet.data.subarray(k, k + 3)]).toEqual([24, 24, 28]);
  });

  it('writes nothing when no example has an image', async () => {
    const path = join(dir, 'none.png');
    await writeTowerContactSheet({ outDir: dir, path, examples: { A: [] } });
    expect(() => readFileSync(path)).toThrow();
  });

  it('says which tower image is missing', async () => {
    await expect(
      writeTowerContactSheet({
        outDir: dir,
        path: join(dir, 'x.png'),
        examples: { A: [{ index: 5, category: 'A', height: 3, origin: null, images: ['missing.png'] }] },
      }),
    ).rejects.toThrow(/could not read the image of tower 5 at ".*missing\.png"/);
  });
});
