import { describe, expect, it } from 'vitest';
import { CAMERAS, cameraBasis, projectPoint } from './camera';
import { closeUpCamera } from './close-up-camera';
import type { RenderObject } from './scene';
import { towerBoundingSphere } from './tower-bounding-sphere';

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
