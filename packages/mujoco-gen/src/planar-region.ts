/**
 * Convex regions in the horizontal plane and the two operations the
 * stability labels need (paper Section 4: "the centre of mass lies inside
 * the convex hull of the contact area"): intersecting two faces into their
 * contact region, and the signed distance of a point to that region.
 *
 * Regions: convex polygons (cuboid faces, and their exact intersection by
 * polygon clipping), discs (cylinder faces), segments (the contact line of
 * a lying cylinder), points (the contact point of a sphere), intersections
 * of a disc with a polygon or a disc (kept as their parts), and the empty
 * region.
 *
 * Signed distance: negative inside (minus the distance to the boundary),
 * positive outside. It is exact for polygons, discs, segments and points;
 * for a disc-polygon or disc-disc intersection it is exact inside and a
 * lower bound outside (the largest of the parts' distances), which is
 * conservative when a margin is required outside. Segments and points have
 * no interior: a point on them has distance minus its margin along them
 * (a segment: the distance to the nearer end; a point: how deep the point
 * lies in the face it was cut from).
 *
 * Tie-breaking: regions are closed. A point whose signed distance is at most
 * {@link ON_BOUNDARY_TOLERANCE} (a centre of mass exactly on an edge)
 * counts as inside, i.e. supported, as in "lies inside the convex hull".
 * Such a tower is in an unstable equilibrium physically, so the sampler
 * never produces one: it keeps a margin from every boundary.
 */

/** A point or vector in the horizontal plane. */
export type Vec2 = readonly [number, number];

/** A convex region in the plane. */
export type PlanarRegion =
  | { kind: 'polygon' /** Convex, counter-clockwise. */; vertices: Vec2[] }
  | { kind: 'disc'; centre: Vec2; radius: number }
  | { kind: 'segment'; a: Vec2; b: Vec2 }
  | {
      kind: 'point';
      p: Vec2 /** Depth of the point inside the face it was cut from (>= 0). */;
      depth: number;
    }
  | { kind: 'intersection'; parts: PlanarRegion[] }
  | { kind: 'empty' };

/** Points this close to a boundary (or outside by at most this) count as inside. */
export const ON_BOUNDARY_TOLERANCE = 1e-9;

const sub = (a: Vec2, b: Vec2): [number, number] => [a[0] - b[0], a[1] - b[1]];
const cross = (a: Vec2, b: Vec2): number => a[0] * b[1] - a[1] * b[0];
const dot = (a: Vec2, b: Vec2): number => a[0] * b[0] + a[1] * b[1];
const norm = (a: Vec2): number => Math.hypot(a[0], a[1]);

/** A rectangle of half extents (hx, hy) centred at `centre`, rotated by `yawRad`, counter-clockwise. */
export function rectangle(centre: Vec2, hx: number, hy: number, yawRad: number): PlanarRegion {
  const c = Math.cos(yawRad);
  const s = Math.sin(yawRad);
  const corners: [number, number][] = [
    [-hx, -hy],
    [hx, -hy],
    [hx, hy],
    [-hx, hy],
  ];
  return {
    kind: 'polygon',
    vertices: corners.map(([x, y]) => [centre[0] + c * x - s * y, centre[1] + s * x + c * y] as const),
  };
}

/** Distance from p to the segment ab. */
function segmentDistance(p: Vec2, a: Vec2, b: Vec2): number {
  const ab = sub(b, a);
  const len2 = dot(ab, ab);
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, dot(sub(p, a), ab) / len2));
  return norm(sub(p, [a[0] + t * ab[0], a[1] + t * ab[1]]));
}

function polygonSignedDistance(vertices: readonly Vec2[], p: Vec2): number {
  const n = vertices.length;
  if (n === 0) return Number.POSITIVE_INFINITY;
  if (n === 1) return norm(sub(p, vertices[0] as Vec2));
  if (n === 2) return segmentDistance(p, vertices[0] as Vec2, vertices[1] as Vec2);
  let inside = true;
  let nearestLine = Number.POSITIVE_INFINITY;
  let nearestEdge = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const a = vertices[i] as Vec2;
    const b = vertices[(i + 1) % n] as Vec2;
    const edge = sub(b, a);
    const len = norm(edge);
    if (len === 0) continue;
    const side = cross(edge, sub(p, a)) / len; // > 0 left of the edge = inside (CCW)
    if (side < 0) inside = false;
    nearestLine = Math.min(nearestLine, side);
    nearestEdge = Math.min(nearestEdge, segmentDistance(p, a, b));
  }
  return inside ? -nearestLine : nearestEdge;
}

/** Signed distance of p to the region: negative inside, positive outside (see the module comment). */
export function signedDistance(region: PlanarRegion, p: Vec2): number {
  switch (region.kind) {
    case 'empty':
      return Number.POSITIVE_INFINITY;
    case 'polygon':
      return polygonSignedDistance(region.vertices, p);
    case 'disc':
      return norm(sub(p, region.centre)) - region.radius;
    case 'point': {
      const d = norm(sub(p, region.p));
      return d <= ON_BOUNDARY_TOLERANCE ? -region.depth : d;
    }
    case 'segment': {
      const ab = sub(region.b, region.a);
      const len = norm(ab);
      if (len === 0) return signedDistance({ kind: 'point', p: region.a, depth: 0 }, p);
      const ap = sub(p, region.a);
      const off = Math.abs(cross(ab, ap)) / len;
      if (off > ON_BOUNDARY_TOLERANCE) return segmentDistance(p, region.a, region.b);
      const t = dot(ap, ab) / len;
      return t >= 0 && t <= len ? -Math.min(t, len - t) : Math.max(-t, t - len);
    }
    case 'intersection':
      return Math.max(...region.parts.map((part) => signedDistance(part, p)));
  }
}

/** Whether p is in the closed region (on the boundary counts as inside). */
export function containsPoint(region: PlanarRegion, p: Vec2): boolean {
  return signedDistance(region, p) <= ON_BOUNDARY_TOLERANCE;
}

/** Clips a convex CCW polygon by the half-plane left of the directed line a->b (Sutherland-Hodgman step). */
function clipByHalfPlane(vertices: readonly Vec2[], a: Vec2, b: Vec2): Vec2[] {
  const out: Vec2[] = [];
  const edge = sub(b, a);
  const side = (p: Vec2) => cross(edge, sub(p, a));
  for (let i = 0; i < vertices.length; i++) {
    const cur = vertices[i] as Vec2;
    const next = vertices[(i + 1) % vertices.length] as Vec2;
    const sc = side(cur);
    const sn = side(next);
    if (sc >= 0) out.push(cur);
    if ((sc >= 0 && sn < 0) || (sc < 0 && sn >= 0)) {
      const t = sc / (sc - sn);
      out.push([cur[0] + t * (next[0] - cur[0]), cur[1] + t * (next[1] - cur[1])]);
    }
  }
  return out;
}

/** Exact intersection of two convex CCW polygons (an empty list when they do not overlap). */
export function clipPolygons(subject: readonly Vec2[], clip: readonly Vec2[]): Vec2[] {
  let out: Vec2[] = [...subject];
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    out = clipByHalfPlane(out, clip[i] as Vec2, clip[(i + 1) % clip.length] as Vec2);
  }
  return out;
}

/** Area of a polygon (positive for CCW). */
export function polygonArea(vertices: readonly Vec2[]): number {
  let a = 0;
  for (let i = 0; i < vertices.length; i++)
    a += cross(vertices[i] as Vec2, vertices[(i + 1) % vertices.length] as Vec2);
  return a / 2;
}

/** The parameter interval [t0, t1] of the segment a + t (b - a) that lies in the region, or null. */
function clipSegmentInterval(region: PlanarRegion, a: Vec2, b: Vec2): [number, number] | null {
  const d = sub(b, a);
  switch (region.kind) {
    case 'empty':
    case 'point':
      return null;
    case 'polygon': {
      let t0 = 0;
      let t1 = 1;
      const vs = region.vertices;
      for (let i = 0; i < vs.length; i++) {
        const p = vs[i] as Vec2;
        const q = vs[(i + 1) % vs.length] as Vec2;
        const e = sub(q, p);
        const s0 = cross(e, sub(a, p)); // side of a
        const ds = cross(e, d); // change of side along the segment
        if (ds === 0) {
          if (s0 < 0) return null;
          continue;
        }
        const t = -s0 / ds;
        if (ds > 0) t0 = Math.max(t0, t);
        else t1 = Math.min(t1, t);
        if (t0 > t1) return null;
      }
      return [t0, t1];
    }
    case 'disc': {
      const f = sub(a, region.centre);
      const A = dot(d, d);
      const B = 2 * dot(f, d);
      const C = dot(f, f) - region.radius ** 2;
      if (A === 0) return C <= 0 ? [0, 1] : null;
      const disc = B * B - 4 * A * C;
      if (disc < 0) return null;
      const r = Math.sqrt(disc);
      const t0 = Math.max(0, (-B - r) / (2 * A));
      const t1 = Math.min(1, (-B + r) / (2 * A));
      return t0 <= t1 ? [t0, t1] : null;
    }
    case 'segment':
      return null; // two contact lines: measure-zero overlap, never produced by a tower
    case 'intersection': {
      let t0 = 0;
      let t1 = 1;
      for (const part of region.parts) {
        const iv = clipSegmentInterval(part, a, b);
        if (!iv) return null;
        t0 = Math.max(t0, iv[0]);
        t1 = Math.min(t1, iv[1]);
        if (t0 > t1) return null;
      }
      return [t0, t1];
    }
  }
}

/**
 * The intersection of two convex regions: exact polygons for two polygons,
 * clipped segments, points kept with their depth, and disc intersections
 * kept as parts (simplified when one part contains the other).
 */
export function intersectRegions(first: PlanarRegion, second: PlanarRegion): PlanarRegion {
  if (first.kind === 'empty' || second.kind === 'empty') return { kind: 'empty' };
  if (second.kind === 'point' || second.kind === 'segment') return intersectRegions(second, first);
  if (first.kind === 'point') {
    const d = signedDistance(second, first.p);
    return d <= ON_BOUNDARY_TOLERANCE
      ? { kind: 'point', p: first.p, depth: Math.max(0, -d) }
      : { kind: 'empty' };
  }
  if (first.kind === 'segment') {
    const iv = clipSegmentInterval(second, first.a, first.b);
    if (!iv) return { kind: 'empty' };
    const d = sub(first.b, first.a);
    const at = (t: number): Vec2 => [first.a[0] + t * d[0], first.a[1] + t * d[1]];
    return { kind: 'segment', a: at(iv[0]), b: at(iv[1]) };
  }
  if (first.kind === 'polygon' && second.kind === 'polygon') {
    const clipped = clipPolygons(first.vertices, second.vertices);
    return clipped.length >= 3 && polygonArea(clipped) > 0
      ? { kind: 'polygon', vertices: clipped }
      : { kind: 'empty' };
  }
  // Disc with polygon, disc or intersection.
  const parts = [
    ...(first.kind === 'intersection' ? first.parts : [first]),
    ...(second.kind === 'intersection' ? second.parts : [second]),
  ];
  return simplifyIntersection(parts);
}

function regionContains(outer: PlanarRegion, inner: PlanarRegion): boolean {
  if (inner.kind === 'polygon') return inner.vertices.every((v) => signedDistance(outer, v) <= 0);
  if (inner.kind === 'disc') return signedDistance(outer, inner.centre) <= -inner.radius;
  return false;
}

function simplifyIntersection(parts: PlanarRegion[]): PlanarRegion {
  // Polygons among the parts are merged exactly.
  const polygons = parts.filter((p) => p.kind === 'polygon');
  const others = parts.filter((p) => p.kind !== 'polygon');
  let merged: PlanarRegion[] = others;
  if (polygons.length > 0) {
    let poly = polygons[0] as PlanarRegion;
    for (const p of polygons.slice(1)) poly = intersectRegions(poly, p);
    if (poly.kind === 'empty') return poly;
    merged = [poly, ...others];
  }
  // Drop parts that contain another part.
  const kept = merged.filter(
    (p, i) => !merged.some((q, j) => j !== i && regionContains(p, q) && (!regionContains(q, p) || j < i)),
  );
  // Emptiness: two discs apart, or a disc with no point of the polygon.
  for (let i = 0; i < kept.length; i++) {
    for (let j = i + 1; j < kept.length; j++) {
      const a = kept[i] as PlanarRegion;
      const b = kept[j] as PlanarRegion;
      if (a.kind === 'disc' && signedDistance(b, a.centre) > a.radius) return { kind: 'empty' };
      if (b.kind === 'disc' && signedDistance(a, b.centre) > b.radius) return { kind: 'empty' };
    }
  }
  return kept.length === 1 ? (kept[0] as PlanarRegion) : { kind: 'intersection', parts: kept };
}
