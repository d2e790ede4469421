import { describe, expect, it } from 'vitest';
import { intersectObject } from './intersect';
import type { RenderObject } from './scene';

const S = Math.SQRT1_2;
const object = (o: Partial<RenderObject> & Pick<RenderObject, 'shape' | 'size'>): RenderObject => ({
  position: [0, 0, 0],
  quaternion: [1, 0, 0, 0],
  color: [1, 0, 0],
  ...o,
});

function expectHit(hit: ReturnType<typeof intersectObject>, t: number, point: number[], normal: number[]) {
  expect(hit).not.toBeNull();
  expect(hit!.t).toBeCloseTo(t, 9);
  hit!.point.forEach((v, k) => {
    expect(v).toBeCloseTo(point[k]!, 9);
  });
  hit!.normal.forEach((v, k) => {
    expect(v).toBeCloseTo(normal[k]!, 9);
  });
}

describe('ray-cuboid intersection', () => {
  it('hits an axis-aligned box on the face the ray meets first', () => {
    const box = object({ shape: 'cuboid', size: [2, 1, 0.5], position: [1, 2, 3] });
    expectHit(intersectObject(box, [10, 2, 3], [-1, 0, 0]), 8, [2, 2, 3], [1, 0, 0]);
    expectHit(intersectObject(box, [1, 2, 9], [0, 0, -2]), 2.875, [1, 2, 3.25], [0, 0, 1]);
  });

  it('hits a box turned 90 degrees about z on its rotated faces', () => {
    // 2 x 1 x 1 turned by 90 degrees: 1 wide along world x, 2 along world y
    const box = object({ shape: 'cuboid', size: [2, 1, 1], quaternion: [S, 0, 0, S] });
    expectHit(intersectObject(box, [5, 0, 0], [-1, 0, 0]), 4.5, [0.5, 0, 0], [1, 0, 0]);
    expectHit(intersectObject(box, [0, 5, 0], [0, -1, 0]), 4, [0, 1, 0], [0, 1, 0]);
    expect(intersectObject(box, [0.8, 5, 0], [0, -1, 0])).toBeNull();
  });

  it('hits a box turned 45 degrees about z on a diagonal face', () => {
    // cube of edge 2 turned 45 degrees: the face with normal (1, 1)/sqrt 2 is the plane x + y = sqrt 2
    const cube = object({
      shape: 'cuboid',
      size: [2, 2, 2],
      quaternion: [Math.cos(Math.PI / 8), 0, 0, Math.sin(Math.PI / 8)],
    });
    const x = Math.SQRT2 - 0.2;
    expectHit(intersectObject(cube, [5, 0.2, 0], [-1, 0, 0]), 5 - x, [x, 0.2, 0], [S, S, 0]);
  });

  it('treats an unnormalised quaternion like its unit version', () => {
    const box = object({ shape: 'cuboid', size: [2, 1, 1], quaternion: [3, 0, 0, 3] });
    expectHit(intersectObject(box, [5, 0, 0], [-1, 0, 0]), 4.5, [0.5, 0, 0], [1, 0, 0]);
  });

  it('misses when the ray passes beside, points away or starts inside', () => {
    const box = object({ shape: 'cuboid', size: [1, 1, 1] });
    expect(intersectObject(box, [5, 0.6, 0], [-1, 0, 0])).toBeNull();
    expect(intersectObject(box, [5, 0, 0], [1, 0, 0])).toBeNull();
    expect(intersectObject(box, [0, 0, 0], [1, 0, 0])).toBeNull();
  });
});

describe('ray-cylinder intersection', () => {
  // standing cylinder: radius 0.5, length 2 (z from 2 to 4), centred at (1, 2, 3)
  const standing = object({ shape: 'cylinder', size: [0.5, 0.5, 2], position: [1, 2, 3] });

  it('hits the side', () => {
    expectHit(intersectObject(standing, [1, -5, 3], [0, 1, 0]), 6.5, [1, 1.5, 3], [0, -1, 0]);
    // off-centre: x offset 0.3 meets the circle at y = 2 - 0.4
    expectHit(intersectObject(standing, [1.3, -5, 3.5], [0, 1, 0]), 6.6, [1.3, 1.6, 3.5], [0.6, -0.8, 0]);
  });

  it('hits the caps', () => {
    expectHit(intersectObject(standing, [1.45, 2, 10], [0, 0, -1]), 6, [1.45, 2, 4], [0, 0, 1]);
    expectHit(intersectObject(standing, [1, 2, -1], [0, 0, 1]), 3, [1, 2, 2], [0, 0, -1]);
  });

  it('hits the rim from a slanted ray on the correct surface', () => {
    // from above at 45 degrees towards -x: meets the plane z = 4 at x = 1.2 (inside the cap)
    expectHit(intersectObject(standing, [3.2, 2, 6], [-1, 0, -1]), 2, [1.2, 2, 4], [0, 0, 1]);
    // lower: meets the side x = 1.5 at z = 3.5 before any cap
    expectHit(intersectObject(standing, [3.5, 2, 5.5], [-1, 0, -1]), 2, [1.5, 2, 3.5], [1, 0, 0]);
  });

  it('lying (turned 90 degrees about x) has its axis along y', () => {
    const lying = object({
      shape: 'cylinder',
      size: [0.5, 0.5, 2],
      position: [1, 2, 3],
      quaternion: [S, S, 0, 0],
    });
    expectHit(intersectObject(lying, [1, 2, 10], [0, 0, -1]), 6.5, [1, 2, 3.5], [0, 0, 1]);
    expectHit(intersectObject(lying, [1, -5, 3], [0, 1, 0]), 6, [1, 1, 3], [0, -1, 0]);
  });

  it('misses beside the cap, beyond the ends and pointing away', () => {
    expect(intersectObject(standing, [1.55, 2, 10], [0, 0, -1])).toBeNull();
    expect(intersectObject(standing, [1, -5, 4.1], [0, 1, 0])).toBeNull();
    expect(intersectObject(standing, [1, -5, 3], [0, -1, 0])).toBeNull();
  });
});

describe('ray-sphere intersection', () => {
  const ball = object({ shape: 'sphere', size: [0.5, 0.5, 0.5], position: [0, 0, 1] });

  it('hits head-on with an unnormalised direction (t in its units)', () => {
    expectHit(intersectObject(ball, [0, 0, 5], [0, 0, -2]), 1.75, [0, 0, 1.5], [0, 0, 1]);
  });

  it('hits off-centre with the radial normal', () => {
    expectHit(intersectObject(ball, [0.3, -5, 1], [0, 1, 0]), 4.6, [0.3, -0.4, 1], [0.6, -0.8, 0]);
  });

  it('misses beside and behind', () => {
    expect(intersectObject(ball, [0.6, -5, 1], [0, 1, 0])).toBeNull();
    expect(intersectObject(ball, [0, -5, 1], [0, -1, 0])).toBeNull();
  });
});
