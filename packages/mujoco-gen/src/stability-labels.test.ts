import { describe, expect, it } from 'vitest';
import { buildTower, cube } from '../test/hand-built';
import { labelTower } from './stability-labels';

describe('exact stability labels on hand-built towers', () => {
  it('A: a straight stack is globally and locally stable', () => {
    const labels = labelTower(buildTower([cube(1, 0), cube(1, 0.2), cube(1, 0.3)]));
    expect(labels.category).toBe('A');
    expect(labels.origin).toBeNull();
    expect(labels.interfaces.map((f) => f.globalDistance)).toEqual([
      expect.closeTo(-(0.5 - 0.5 / 3), 12), // floor: whole-tower CoM at x = 0.5 / 3
      expect.closeTo(-(0.5 - 0.25), 12), // CoM 0.25 in the overlap [-0.3, 0.5]
      expect.closeTo(-(0.7 - 0.3), 12), // CoM 0.3 in the overlap [-0.2, 0.7] of the upper two
    ]);
  });

  it('B: each block rests on the one below, but the upper two together tip over interface 1', () => {
    // Unit cubes at x = 0, 0.45, 0.9: interface 1 carries CoM (0.45 + 0.9) / 2 = 0.675 > 0.5.
    const labels = labelTower(buildTower([cube(1, 0), cube(1, 0.45), cube(1, 0.9)]));
    expect(labels.category).toBe('B');
    expect(labels.origin).toBe(1);
    expect(labels.interfaces[1]?.globalDistance).toBeCloseTo(0.175, 12);
    expect(labels.interfaces[1]?.localDistance).toBeCloseTo(-0.05, 12);
    expect(labels.interfaces[2]?.globallyStable).toBe(true);
  });

  it('C: a block overhangs its support but a heavy block above holds it', () => {
    // A 1 x 1 x 0.3 slab centred at x = 0.6 on a unit cube: its own centre is 0.1 past the face (x <= 0.5),
    // but a 0.8 m cube on it at x = 0.3 pulls the CoM above interface 1 back to x = 0.3336 / 0.812.
    const slab = { shape: 'cuboid', size: [1, 1, 0.3], x: 0.6, y: 0 } as const;
    const labels = labelTower(buildTower([cube(1, 0), slab, cube(0.8, 0.3)]));
    expect(labels.category).toBe('C');
    expect(labels.globallyStable).toBe(true);
    expect(labels.localOrigin).toBe(1);
    expect(labels.interfaces[1]?.localDistance).toBeCloseTo(0.1, 12);
    expect(labels.interfaces[1]?.globalDistance).toBeCloseTo(0.3336 / 0.812 - 0.5, 12);
    expect(labels.interfaces[2]?.globalDistance).toBeCloseTo(-0.2, 12);
  });

  it('D: the top block alone falls off its support', () => {
    const labels = labelTower(buildTower([cube(1, 0), cube(1, 0.1), cube(1, 0.7)]));
    expect(labels.category).toBe('D');
    expect(labels.origin).toBe(2);
    expect(labels.interfaces[2]?.globalDistance).toBeCloseTo(0.1, 12);
  });

  it('uses the rotated footprint, not the axis-aligned box, for rotated cuboids', () => {
    // A 1 x 1 support turned 45 degrees: its face reaches x = 0.707 only along y = 0.
    // A point at (0.45, 0.45) is inside the unrotated square but outside the diamond.
    const straight = labelTower(buildTower([cube(1, 0), { ...cube(0.3, 0.45, 0.45) }]));
    const turned = labelTower(buildTower([cube(1, 0, 0, 45), { ...cube(0.3, 0.45, 0.45) }]));
    expect(straight.category).toBe('A');
    expect(turned.category).toBe('D');
    expect(turned.interfaces[1]?.globalDistance).toBeCloseTo((0.9 - Math.SQRT1_2) / Math.SQRT2, 12);
    // The top block turned instead: contact polygon is the octagon-like overlap, CoM at its centre.
    const twisted = labelTower(buildTower([cube(1, 0), cube(1, 0.3, 0, 30)]));
    expect(twisted.category).toBe('A');
    expect(twisted.interfaces[1]?.globalDistance).toBeCloseTo(-(0.5 - 0.3), 12);
  });

  it('uses the disc of a standing cylinder', () => {
    // Cube of edge 0.4 on a cylinder of radius 0.5, at (0.4, 0.4): inside the bounding square, outside the disc.
    const cylinder = { shape: 'cylinder', size: [0.5, 0.5, 0.8], x: 0, y: 0 } as const;
    const labels = labelTower(buildTower([cylinder, cube(0.4, 0.4, 0.4)]));
    expect(labels.category).toBe('D');
    expect(labels.interfaces[1]?.globalDistance).toBeCloseTo(0.4 * Math.SQRT2 - 0.5, 12);
    // Cylinder on cylinder: the region is the lens of two discs.
    const small = { shape: 'cylinder', size: [0.3, 0.3, 0.5], x: 0.6, y: 0 } as const;
    const lens = labelTower(buildTower([cylinder, small]));
    expect(lens.category).toBe('D'); // centre 0.6 is beyond radius 0.5
    const held = labelTower(buildTower([cylinder, { ...small, x: 0.35 }]));
    expect(held.category).toBe('A');
    expect(held.interfaces[1]?.globalDistance).toBeCloseTo(-0.15, 12); // nearer to the lower disc's rim
  });

  it('labels a lying cylinder and a sphere on top by their contact line and point', () => {
    // Yaw 90: axis along x. Centre 0.6, half-length 0.5: the contact line x 0.1..1.1 is clipped to 0.1..0.5.
    const lying = { shape: 'cylinder', size: [0.3, 0.3, 1], x: 0.6, y: 0, yawDeg: 90, lying: true } as const;
    const labels = labelTower(buildTower([cube(1, 0), lying]));
    expect(labels.category).toBe('D');
    const held = labelTower(buildTower([cube(1, 0), { ...lying, x: 0.2 }]));
    expect(held.category).toBe('A');
    expect(held.interfaces[1]?.globalDistance).toBeCloseTo(-0.3, 12); // centre 0.2, clipped line ends at 0.5
    const sphere = { shape: 'sphere', size: [0.3, 0.3, 0.3], x: 0.4, y: 0 } as const;
    expect(labelTower(buildTower([cube(1, 0), sphere])).interfaces[1]?.globalDistance).toBeCloseTo(-0.1, 12);
    expect(labelTower(buildTower([cube(1, 0), { ...sphere, x: 0.6 }])).category).toBe('D');
  });

  it('breaks the tie of a centre of mass exactly on an edge as supported', () => {
    // Two unit cubes offset by exactly 0.5: the top centre lies on the lower face's edge.
    const labels = labelTower(buildTower([cube(1, 0), cube(1, 0.5)]));
    expect(labels.interfaces[1]?.globalDistance).toBeCloseTo(0, 15);
    expect(labels.category).toBe('A');
    // Exactly on a corner of a turned support, computed through sines and cosines.
    const corner = labelTower(buildTower([cube(1, 0, 0, 45), cube(0.2, Math.SQRT1_2, 0)]));
    expect(Math.abs(corner.interfaces[1]?.globalDistance ?? 1)).toBeLessThan(1e-9);
    expect(corner.category).toBe('A');
    // Just past the edge it is unstable.
    expect(labelTower(buildTower([cube(1, 0), cube(1, 0.5 + 1e-6)])).category).toBe('D');
  });
});
