import { describe, expect, it } from 'vitest';
import type { RenderObject } from './scene';
import { objectRadius, towerBoundingSphere } from './tower-bounding-sphere';

const box = (position: [number, number, number], size: [number, number, number]): RenderObject => ({
  shape: 'cuboid',
  size,
  position,
  quaternion: [1, 0, 0, 0],
  color: [1, 0, 0],
});

// a 3-block tower shifted off the origin, as the sampler's towers are
const tower: RenderObject[] = [
  box([1.5, -1, 0.5], [1, 1, 1]),
  box([1.6, -1, 1.4], [0.8, 0.8, 0.8]),
  {
    shape: 'sphere',
    size: [0.3, 0.3, 0.3],
    position: [1.7, -1, 2.1],
    quaternion: [1, 0, 0, 0],
    color: [0, 0, 1],
  },
];

describe('towerBoundingSphere', () => {
  it('holds every object and is centred on the bounding box', () => {
    const { centre, radius } = towerBoundingSphere(tower);
    // in z the box runs from the bottom cube's bounding sphere (0.5 - sqrt(3)/2) to the ball's top (2.4)
    expect(centre[2]).toBeCloseTo((0.5 - Math.sqrt(3) / 2 + 2.4) / 2, 9);
    // the top of the sphere is the farthest point: |(1.7, -1, 2.1) - centre| + 0.3
    const d = Math.hypot(1.7 - centre[0], -1 - centre[1], 2.1 - centre[2]);
    expect(radius).toBeGreaterThanOrEqual(d + 0.3 - 1e-12);
    expect(radius).toBeLessThan(2);
  });

  it('names the problem for a tower without objects', () => {
    expect(() => towerBoundingSphere([])).toThrow(/the tower has no objects/);
  });
});

describe('objectRadius', () => {
  it('is the half-diagonal of a cuboid, the rim distance of a cylinder and the radius of a sphere', () => {
    const base = { position: [0, 0, 0], quaternion: [1, 0, 0, 0], color: [1, 0, 0] } as const;
    expect(objectRadius({ ...base, shape: 'cuboid', size: [2, 3, 6] })).toBeCloseTo(3.5, 12);
    expect(objectRadius({ ...base, shape: 'cylinder', size: [0.3, 0.3, 0.8] })).toBeCloseTo(0.5, 12);
    expect(objectRadius({ ...base, shape: 'sphere', size: [0.4, 0.4, 0.4] })).toBe(0.4);
  });
});
