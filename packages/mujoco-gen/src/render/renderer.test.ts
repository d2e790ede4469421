import { describe, expect, it } from 'vitest';
import { CAMERAS, projectPoint } from './camera';
import { RenderError } from './render-error';
import { createRenderer, renderScene } from './renderer';
import type { RenderedImage, RenderObject, RenderScene, Vec3 } from './scene';

const cam1 = CAMERAS[0]!;
const PRIMARIES: Vec3[] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 0],
  [0, 1, 1],
  [1, 0, 1],
];
const SIZE = 96;

const cube = (position: Vec3, color: Vec3 = [1, 0, 0], edge = 1): RenderObject => ({
  shape: 'cuboid',
  size: [edge, edge, edge],
  position,
  quaternion: [1, 0, 0, 0],
  color,
});
const scene = (objects: RenderObject[], light = 0): RenderScene => ({
  objects,
  floorTexture: 0,
  wallTexture: 0,
  light,
});

function pixelAt(image: RenderedImage, x: number, y: number): [number, number, number] {
  const k = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [image.data[k]!, image.data[k + 1]!, image.data[k + 2]!];
}
function projected(point: Vec3, width = SIZE, height = SIZE) {
  const p = projectPoint(cam1, point, width, height);
  if (!p) throw new Error('point is behind the camera');
  return p;
}
const luminance = ([r, g, b]: number[]) => 0.299 * r! + 0.587 * g! + 0.114 * b!;

describe('renderer: a tiny scene', () => {
  const empty = renderScene(scene([]), cam1, { width: SIZE, height: SIZE });
  const image = renderScene(scene([cube([0, 0, 0.5])]), cam1, { width: SIZE, height: SIZE });

  it('returns an RGBA image of the requested size', () => {
    expect(image.width).toBe(SIZE);
    expect(image.height).toBe(SIZE);
    expect(image.data).toBeInstanceOf(Uint8ClampedArray);
    expect(image.data.length).toBe(SIZE * SIZE * 4);
    expect(image.data[3]).toBe(255);
  });

  it("shows the object's colour at its projected centre", () => {
    const p = projected([0, 0, 0.5]);
    const [r, g, b] = pixelAt(image, p.x, p.y);
    expect(r).toBeGreaterThan(60);
    expect(r).toBeGreaterThan(3 * Math.max(g, b));
  });

  it('shows the floor, exactly as in the empty scene, away from the object', () => {
    const p = projected([3, -3, 0]);
    expect(pixelAt(image, p.x, p.y)).toEqual(pixelAt(empty, p.x, p.y));
    const [r, g, b] = pixelAt(image, p.x, p.y);
    // the checker floor is grey
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(20);
    // and nothing outside the object's neighbourhood changed
    let changed = 0;
    for (let k = 0; k < image.data.length; k++) if (image.data[k] !== empty.data[k]) changed++;
    expect(changed).toBeGreaterThan(0);
    expect(changed / 4).toBeLessThan(SIZE * SIZE * 0.1);
  });

  it('draws each of the six primary colours in its own hue', () => {
    const renderer = createRenderer({ width: 48, height: 48 });
    const p = projected([0, 0, 0.5], 48, 48);
    for (const color of PRIMARIES) {
      const rgb = pixelAt(renderer.render(scene([cube([0, 0, 0.5], color)]), cam1), p.x, p.y);
      const on = rgb.filter((_, k) => color[k] === 1);
      const off = rgb.filter((_, k) => color[k] === 0);
      expect(Math.min(...on)).toBeGreaterThan(2 * Math.max(...off) + 20);
    }
  });

  it('renders any size, keeping the projection', () => {
    const wide = renderScene(scene([cube([0, 0, 0.5])]), cam1, { width: 40, height: 30 });
    expect(wide.data.length).toBe(40 * 30 * 4);
    const p = projected([0, 0, 0.5], 40, 30);
    const [r, g, b] = pixelAt(wide, p.x, p.y);
    expect(r).toBeGreaterThan(3 * Math.max(g, b));
  });
});

describe('renderer: the four ShapeStacks cameras', () => {
  it('each sees the tower: the top object at its projected centre, the bottom one below it', () => {
    const renderer = createRenderer({ width: 64, height: 64 });
    const tower = scene([cube([0.5, -0.5, 0.5], [0, 0, 1]), cube([0.5, -0.5, 1.5], [1, 1, 0])], 2);
    for (const camera of CAMERAS) {
      const image = renderer.render(tower, camera);
      const top = projectPoint(camera, [0.5, -0.5, 1.5], 64, 64)!;
      const bottom = projectPoint(camera, [0.5, -0.5, 0.5], 64, 64)!;
      expect(bottom.y).toBeGreaterThan(top.y + 5);
      const [r, g, b] = pixelAt(image, top.x, top.y);
      expect(Math.min(r, g)).toBeGreaterThan(2 * b + 20); // yellow
      const [r2, g2, b2] = pixelAt(image, bottom.x, bottom.y);
      expect(b2).toBeGreaterThan(2 * Math.max(r2, g2) + 20); // blue
    }
  });
});

describe('renderer: shadows', () => {
  const options = { width: SIZE, height: SIZE, antialias: false };

  it('darkens the floor under a floating cube lit from above', () => {
    const floating = scene([cube([0, 0, 1.5])], 0);
    const below = projected([0, 0, 0]);
    const aside = projected([2.5, -2.5, 0]);
    const empty = renderScene(scene([], 0), cam1, options);
    const shadowed = renderScene(floating, cam1, options);
    const unshadowed = renderScene(floating, cam1, { ...options, shadows: false });
    expect(luminance(pixelAt(shadowed, below.x, below.y))).toBeLessThan(
      0.7 * luminance(pixelAt(empty, below.x, below.y)),
    );
    expect(pixelAt(unshadowed, below.x, below.y)).toEqual(pixelAt(empty, below.x, below.y));
    expect(pixelAt(shadowed, aside.x, aside.y)).toEqual(pixelAt(empty, aside.x, aside.y));
  });

  it('casts away from a corner light, only from the chosen light', () => {
    // light_3 sits at (9, 9, 20): a cube on the floor shades the floor on its -x -y side
    const spot = projected([-0.6, -0.6, 0]);
    const empty = renderScene(scene([], 3), cam1, options);
    const lit3 = renderScene(scene([cube([0, 0, 0.5])], 3), cam1, options);
    const lit0 = renderScene(scene([cube([0, 0, 0.5])], 0), cam1, options);
    const empty0 = renderScene(scene([], 0), cam1, options);
    expect(luminance(pixelAt(lit3, spot.x, spot.y))).toBeLessThan(
      0.85 * luminance(pixelAt(empty, spot.x, spot.y)),
    );
    expect(pixelAt(lit0, spot.x, spot.y)).toEqual(pixelAt(empty0, spot.x, spot.y));
  });
});

describe('renderer: shadows on the walls', () => {
  it('a column near the wall y = 10 shades the wall on the side away from light_1', () => {
    const column: RenderObject = {
      shape: 'cuboid',
      size: [0.6, 0.6, 4],
      position: [0, 9.5, 2],
      quaternion: [1, 0, 0, 0],
      color: [0, 1, 0],
    };
    // (0.75, 10, 1.5) on the wall: its ray towards light_1 at (-9, -9, 20) passes through the column,
    // while cam_1 sees the point just beside the column
    const spot = projected([0.75, 10, 1.5]);
    const options = { width: SIZE, height: SIZE, antialias: false };
    const empty = renderScene(scene([], 1), cam1, options);
    const shaded = renderScene(scene([column], 1), cam1, options);
    const [r, g, b] = pixelAt(shaded, spot.x, spot.y);
    expect(g).toBeLessThan(r + 40); // the wall, not the green column
    expect(luminance([r, g, b])).toBeLessThan(0.85 * luminance(pixelAt(empty, spot.x, spot.y)));
  });
});

describe('renderer: determinism and anti-aliasing', () => {
  const tower = scene(
    [
      cube([0.2, 0.1, 0.4], [0, 0, 1], 0.8),
      {
        shape: 'cylinder',
        size: [0.3, 0.3, 0.6],
        position: [0.3, 0.1, 1.1],
        quaternion: [1, 0, 0, 0],
        color: [1, 1, 0],
      },
      {
        shape: 'sphere',
        size: [0.3, 0.3, 0.3],
        position: [0.35, 0.1, 1.7],
        quaternion: [1, 0, 0, 0],
        color: [0, 1, 1],
      },
    ],
    1,
  );

  it('gives identical bytes for the same scene, from a fresh or a used renderer', () => {
    const a = renderScene(tower, cam1, { width: 64, height: 64 });
    const used = createRenderer({ width: 64, height: 64 });
    used.render({ ...scene([cube([1, 1, 0.5])], 2), floorTexture: 3, wallTexture: 4 }, cam1);
    used.render(tower, CAMERAS[2]!);
    const b = used.render(tower, cam1);
    expect(Buffer.from(b.data).equals(Buffer.from(a.data))).toBe(true);
  });

  it('draws the background the same whether a pixel is cached or fully traced', () => {
    // an object behind the camera makes every pixel go through the full tracer, yet is never seen
    for (const camera of [cam1, CAMERAS[2]!]) {
      const [x, y, z] = camera.position;
      const behind = cube([x * 1.2, y * 1.2, z], [1, 0, 0], 0.2);
      const options = { width: 48, height: 48 };
      const cached = renderScene({ ...scene([]), floorTexture: 1, wallTexture: 1 }, camera, options);
      const traced = renderScene({ ...scene([behind]), floorTexture: 1, wallTexture: 1 }, camera, options);
      expect(Buffer.from(traced.data).equals(Buffer.from(cached.data))).toBe(true);
    }
  });

  it('changes only the refined edge pixels, and only a few of them', () => {
    const renderer = createRenderer({ width: 64, height: 64 });
    const aliased = renderScene(tower, cam1, { width: 64, height: 64, antialias: false });
    const smooth = renderer.render(tower, cam1);
    const { refinedPixels, primaryRays } = renderer.lastStats;
    let changed = 0;
    for (let p = 0; p < 64 * 64; p++) {
      if (aliased.data.subarray(p * 4, p * 4 + 4).some((v, k) => v !== smooth.data[p * 4 + k])) changed++;
    }
    expect(changed).toBeGreaterThan(10);
    expect(changed).toBeLessThanOrEqual(refinedPixels);
    expect(refinedPixels).toBeLessThan(64 * 64 * 0.2);
    expect(primaryRays).toBe(64 * 64 + refinedPixels * 8);
  });
});

describe('renderer: bad input', () => {
  it('names the bad field before tracing', () => {
    const bad = { ...cube([0, 0, 0.5]), shape: 'cone' } as unknown as RenderObject;
    expect(() => renderScene(scene([bad]), cam1)).toThrow(RenderError);
    expect(() => renderScene(scene([bad]), cam1)).toThrow(
      /scene\.objects\[0\]\.shape must be one of cuboid, cylinder, sphere, got "cone"/,
    );
    expect(() => renderScene({ ...scene([]), floorTexture: 6 }, cam1)).toThrow(
      /scene\.floorTexture must be an integer from 0 to 5, got 6/,
    );
    expect(() => renderScene(scene([cube([0, 0, Number.NaN])]), cam1)).toThrow(
      /position must be an array of 3 finite numbers/,
    );
    expect(() => renderScene(scene([cube([0, 0, 1], [2, 0, 0])]), cam1)).toThrow(
      /color must be \[r, g, b\] with each 0\.\.1/,
    );
  });

  it('takes defaults for options given as undefined', () => {
    expect(createRenderer({ width: undefined, height: 20 }).width).toBe(224);
  });

  it('rejects impossible options', () => {
    expect(() => createRenderer({ width: 0 })).toThrow(/width must be an integer from 1 to 8192, got 0/);
    expect(() => createRenderer({ aaGrid: 1 })).toThrow(/aaGrid must be an integer from 2 to 8/);
  });
});
