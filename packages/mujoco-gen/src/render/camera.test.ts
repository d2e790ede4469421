import { describe, expect, it } from 'vitest';
import { CAMERAS, cameraBasis, lookAtCamera, projectPoint } from './camera';

const cam1 = CAMERAS[0]!;
const TAN15 = Math.tan((15 * Math.PI) / 180);
const TAN7_5 = Math.tan((7.5 * Math.PI) / 180);
const TAN22_5 = Math.tan((22.5 * Math.PI) / 180);
// cam_1 sits at (-7, -7, 5), 7 * sqrt 2 from the z axis, and looks 15 degrees down at it
const AXIS_Z = 5 - 7 * Math.SQRT2 * TAN15;

describe('ShapeStacks cameras', () => {
  it('are the four corner cameras at (+-7, +-7, 5), 15 degrees down, 45-degree field of view', () => {
    expect(CAMERAS.map((c) => c.name)).toEqual(['cam_1', 'cam_4', 'cam_7', 'cam_10']);
    for (const camera of CAMERAS) {
      expect(camera.position.map(Math.abs)).toEqual([7, 7, 5]);
      expect(camera.pitch).toBe(15);
      expect(camera.fovy).toBe(45);
      // every camera looks at the vertical axis through the origin
      const p = projectPoint(camera, [0, 0, AXIS_Z], 224, 224)!;
      expect(p.x).toBeCloseTo(111.5, 9);
      expect(p.y).toBeCloseTo(111.5, 9);
      expect(p.depth).toBeCloseTo((7 * Math.SQRT2) / Math.cos((15 * Math.PI) / 180), 9);
    }
  });

  it('has an orthonormal basis with the image up towards world +z', () => {
    const { forward, right, up, tanHalfFovy } = cameraBasis(cam1);
    const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
    expect(dot(forward, right)).toBeCloseTo(0, 12);
    expect(dot(forward, up)).toBeCloseTo(0, 12);
    expect(dot(up, up)).toBeCloseTo(1, 12);
    expect(up[2]).toBeGreaterThan(0.9);
    expect(right[2]).toBe(0);
    expect(tanHalfFovy).toBeCloseTo(TAN22_5, 12);
  });
});

describe('projectPoint', () => {
  it('puts a point 7.5 degrees above the horizon on the top edge of the image', () => {
    const p = projectPoint(cam1, [0, 0, 5 + 7 * Math.SQRT2 * TAN7_5], 224, 224)!;
    expect(p.x).toBeCloseTo(111.5, 9);
    expect(p.y).toBeCloseTo(-0.5, 9);
  });

  it('puts a point half a field of view to the right on the right edge, in any image size', () => {
    const { forward, right } = cameraBasis(cam1);
    const d = 10;
    const point = [0, 1, 2].map((k) => cam1.position[k]! + d * forward[k]! + d * TAN22_5 * right[k]!) as [
      number,
      number,
      number,
    ];
    // square image: the horizontal half-angle equals the vertical one
    const p = projectPoint(cam1, point, 224, 224)!;
    expect(p.x).toBeCloseTo(223.5, 9);
    expect(p.y).toBeCloseTo(111.5, 9);
    // twice as wide: the same point lands halfway between the centre and the right edge
    const wide = projectPoint(cam1, point, 200, 100)!;
    expect(wide.x).toBeCloseTo(149.5, 9);
    expect(wide.y).toBeCloseTo(49.5, 9);
  });

  it('is not mirrored: cam_4 faces +x -y, so world -x -y is on its right and higher points are higher up', () => {
    const cam4 = CAMERAS[1]!;
    const towardsMinus = projectPoint(cam4, [-1, -1, AXIS_Z], 224, 224)!;
    const towardsPlus = projectPoint(cam4, [1, 1, AXIS_Z], 224, 224)!;
    expect(towardsMinus.x).toBeGreaterThan(towardsPlus.x + 60);
    expect(projectPoint(cam4, [0, 0, AXIS_Z + 1], 224, 224)!.y).toBeLessThan(100);
  });

  it('returns null behind the camera', () => {
    expect(projectPoint(cam1, [-10, -10, 5], 224, 224)).toBeNull();
  });
});

describe('lookAtCamera', () => {
  it('recovers yaw and pitch of the ShapeStacks cameras', () => {
    const c = lookAtCamera('mine', [7, -7, 5], [0, 0, AXIS_Z]);
    expect(c.yaw).toBeCloseTo(135, 9);
    expect(c.pitch).toBeCloseTo(15, 9);
    expect(c.fovy).toBe(45);
  });

  it('refuses to look straight down and says why', () => {
    expect(() => lookAtCamera('top', [0, 0, 9], [0, 0, 0])).toThrow(/straight up or down/);
  });

  it('rejects a field of view out of range when used', () => {
    expect(() => cameraBasis({ ...cam1, fovy: 0 })).toThrow(/fovy must be between 0 and 179 degrees, got 0/);
  });
});
