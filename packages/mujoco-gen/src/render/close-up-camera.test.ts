import { describe, expect, it } from 'vitest';
import { CAMERAS, cameraBasis, projectPoint } from './camera';
import { closeUpCamera, towerBoundingSphere } from './close-up-camera';
import type { RenderObject } from './scene';

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

describe('closeUpCamera', () => {
  it("keeps the ShapeStacks camera's heading, pitch and field of view, and looks at the tower", () => {
    for (const camera of CAMERAS) {
      const close = closeUpCamera(camera, tower);
      expect([close.yaw, close.pitch, close.fovy, close.name]).toEqual([
        camera.yaw,
        camera.pitch,
        camera.fovy,
        camera.name,
      ]);
      const { centre } = towerBoundingSphere(tower);
      const p = projectPoint(close, centre, 112, 112)!;
      expect(p.x).toBeCloseTo(55.5, 6);
      expect(p.y).toBeCloseTo(55.5, 6);
    }
  });

  it('makes the bounding sphere (grown by the margin) just fill the frame height', () => {
    const camera = CAMERAS[0]!;
    const { centre, radius } = towerBoundingSphere(tower);
    const close = closeUpCamera(camera, tower, 1.25);
    const distance = Math.hypot(...centre.map((c, k) => c - close.position[k]!));
    // the sphere's angular radius equals half the field of view once grown by 1.25
    expect(Math.asin((radius * 1.25) / distance)).toBeCloseTo((camera.fovy * Math.PI) / 360, 9);
    // every object centre lands inside the 112 px frame, and the tower spans more than half its height
    const ys = tower.map((o) => projectPoint(close, o.position, 112, 112)!.y);
    for (const o of tower) {
      const p = projectPoint(close, o.position, 112, 112)!;
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(112);
    }
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(35);
    // the ShapeStacks view of the same tower is much smaller
    const far = tower.map((o) => projectPoint(camera, o.position, 112, 112)!.y);
    expect(Math.max(...far) - Math.min(...far)).toBeLessThan((Math.max(...ys) - Math.min(...ys)) / 1.5);
    // moved along the original view direction: the offset is parallel to forward
    const { forward } = cameraBasis(camera);
    const offset = close.position.map((c, k) => c - centre[k]!);
    const norm = Math.hypot(...offset);
    for (const [k, c] of offset.entries()) expect(c / norm).toBeCloseTo(-forward[k]!, 9);
  });

  it('rejects a margin below 1', () => {
    expect(() => closeUpCamera(CAMERAS[0]!, tower, 0.9)).toThrow(/margin must be at least 1, got 0.9/);
  });
});
