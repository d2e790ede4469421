import { describe, expect, it } from 'vitest';
import {
  clipPolygons,
  containsPoint,
  intersectRegions,
  polygonArea,
  rectangle,
  signedDistance,
} from './planar-region';

describe('planar regions', () => {
  it('clips two rotated squares into the exact octagon', () => {
    const a = rectangle([0, 0], 1, 1, 0);
    const b = rectangle([0, 0], 1, 1, Math.PI / 4);
    if (a.kind !== 'polygon' || b.kind !== 'polygon') throw new Error('expected polygons');
    const octagon = clipPolygons(a.vertices, b.vertices);
    expect(octagon).toHaveLength(8);
    expect(polygonArea(octagon)).toBeCloseTo(8 * (Math.SQRT2 - 1), 12);
  });

  it('gives exact signed distances for a rotated rectangle', () => {
    const r = rectangle([1, 2], 0.5, 0.25, Math.PI / 2); // 0.5 wide in y, 0.25 in x
    expect(signedDistance(r, [1, 2])).toBeCloseTo(-0.25, 12);
    expect(signedDistance(r, [1.5, 2])).toBeCloseTo(0.25, 12);
    expect(signedDistance(r, [1, 2.4])).toBeCloseTo(-0.1, 12);
    expect(signedDistance(r, [1.25 + 0.3, 2.5 + 0.4])).toBeCloseTo(0.5, 12); // beyond a corner
  });

  it('treats a point exactly on an edge or a corner as inside (closed regions)', () => {
    const r = rectangle([0, 0], 0.5, 0.5, 0);
    expect(containsPoint(r, [0.5, 0.1])).toBe(true);
    expect(containsPoint(r, [0.5, 0.5])).toBe(true);
    expect(containsPoint(r, [0.5 + 1e-6, 0])).toBe(false);
    const disc = { kind: 'disc', centre: [0, 0], radius: 0.3 } as const;
    expect(containsPoint(disc, [0.3, 0])).toBe(true);
  });

  it('intersects a disc with a square: inside exactly where both contain the point', () => {
    const region = intersectRegions(rectangle([0, 0], 0.5, 0.5, 0), {
      kind: 'disc',
      centre: [0.6, 0],
      radius: 0.3,
    });
    expect(region.kind).toBe('intersection');
    expect(containsPoint(region, [0.4, 0])).toBe(true);
    expect(containsPoint(region, [0.55, 0])).toBe(false); // in the disc, outside the square
    expect(containsPoint(region, [0.4, 0.45])).toBe(false); // in the square, outside the disc
    expect(signedDistance(region, [0.45, 0])).toBeCloseTo(-0.05, 12);
  });

  it('simplifies a disc inside a square to the disc, and finds empty overlaps', () => {
    expect(
      intersectRegions(rectangle([0, 0], 1, 1, 0.3), { kind: 'disc', centre: [0, 0], radius: 0.5 }).kind,
    ).toBe('disc');
    expect(
      intersectRegions(
        { kind: 'disc', centre: [0, 0], radius: 0.3 },
        { kind: 'disc', centre: [1, 0], radius: 0.3 },
      ).kind,
    ).toBe('empty');
    expect(intersectRegions(rectangle([0, 0], 0.5, 0.5, 0), rectangle([2, 0], 0.5, 0.5, 0)).kind).toBe(
      'empty',
    );
  });

  it('clips a contact line to a face and measures the margin along it', () => {
    const line = { kind: 'segment', a: [-0.5, 0], b: [0.5, 0] } as const;
    const region = intersectRegions(rectangle([0.3, 0], 0.5, 0.5, 0), line);
    expect(region).toEqual({ kind: 'segment', a: [-0.2, 0], b: [0.5, 0] });
    expect(signedDistance(region, [0, 0])).toBeCloseTo(-0.2, 12);
    expect(signedDistance(region, [-0.3, 0])).toBeCloseTo(0.1, 12);
    expect(signedDistance(region, [0, 0.1])).toBeCloseTo(0.1, 12);
    const onDisc = intersectRegions({ kind: 'disc', centre: [0, 0], radius: 0.3 }, line);
    if (onDisc.kind !== 'segment') throw new Error('expected a segment');
    expect(onDisc.a[0]).toBeCloseTo(-0.3, 12);
    expect(onDisc.b[0]).toBeCloseTo(0.3, 12);
  });

  it('keeps a contact point with its depth in the face', () => {
    const region = intersectRegions({ kind: 'point', p: [0.2, 0], depth: 0 }, rectangle([0, 0], 0.5, 0.5, 0));
    expect(region).toEqual({ kind: 'point', p: [0.2, 0], depth: expect.closeTo(0.3, 12) });
    expect(signedDistance(region, [0.2, 0])).toBeCloseTo(-0.3, 12);
    expect(
      intersectRegions({ kind: 'point', p: [0.7, 0], depth: 0 }, rectangle([0, 0], 0.5, 0.5, 0)).kind,
    ).toBe('empty');
  });
});
