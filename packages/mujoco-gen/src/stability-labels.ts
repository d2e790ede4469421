/**
 * Exact stability labels from geometry (paper Section 4). Interfaces are
 * numbered as ShapeStacks' `vcom`: interface i (1 .. n-1) is where object i
 * (1-based from the bottom) supports object i+1; interface 0 is the floor.
 *
 * - Global stability at interface i: the centre of mass of everything above
 *   it lies in the support region (see support-region.ts).
 * - Local stability at interface i >= 1: the centre of mass of the single
 *   object directly above lies in the support region.
 * - Category: A globally and locally stable; B globally unstable, locally
 *   stable; C globally stable, locally unstable (counterbalanced); D both
 *   unstable, with a local violation at the origin; null for towers unstable
 *   both ways at different sites (the paper has no class for them).
 * - Origin: the lowest globally violated interface (0 when the whole tower
 *   tips over its bottom object; null when globally stable).
 *
 * Tie-breaking: a centre of mass exactly on an edge is supported (regions
 * are closed; see planar-region.ts).
 */
import type { TowerCategory } from '@steth/datasets';
import { ON_BOUNDARY_TOLERANCE, type PlanarRegion, signedDistance } from './planar-region';
import { bottomContact, interfaceRegion } from './support-region';
import { centreOfMass, type TowerObject } from './tower';

// The paper's four categories are defined once, in @steth/datasets (which reads what this package writes).
export type { TowerCategory } from '@steth/datasets';
export { TOWER_CATEGORIES } from '@steth/datasets';

/** The labels of one interface. */
export interface InterfaceLabel {
  /** 0 for the floor, i for the contact of object i and i+1 (1-based). */
  index: number;
  /** Signed distance of the centre of mass of everything above to the support region (negative = inside). */
  globalDistance: number;
  /** Same for the object directly above alone; null for the floor. */
  localDistance: number | null;
  globallyStable: boolean;
  /** True for the floor. */
  locallyStable: boolean;
}

/** The labels of a tower. */
export interface TowerLabels {
  interfaces: InterfaceLabel[];
  globallyStable: boolean;
  locallyStable: boolean;
  /** The lowest globally violated interface; null when globally stable. */
  origin: number | null;
  /** The lowest locally violated interface; null when locally stable. */
  localOrigin: number | null;
  category: TowerCategory | null;
}

type LabelObject = Pick<TowerObject, 'shape' | 'size' | 'lying' | 'yawDeg' | 'position' | 'mass'>;

/** The support region of interface i (0 = floor: the bottom object's own contact). */
export function supportRegion(objects: readonly LabelObject[], index: number): PlanarRegion {
  const above = objects[index] as LabelObject;
  return index === 0 ? bottomContact(above) : interfaceRegion(objects[index - 1] as LabelObject, above);
}

/** Labels every interface of a tower given bottom to top. */
export function labelTower(objects: readonly LabelObject[]): TowerLabels {
  const interfaces: InterfaceLabel[] = [];
  for (let i = 0; i < objects.length; i++) {
    const region = supportRegion(objects, i);
    const com = centreOfMass(objects.slice(i));
    const globalDistance = signedDistance(region, [com[0], com[1]]);
    const above = objects[i] as LabelObject;
    const localDistance = i === 0 ? null : signedDistance(region, [above.position[0], above.position[1]]);
    interfaces.push({
      index: i,
      globalDistance,
      localDistance,
      globallyStable: globalDistance <= ON_BOUNDARY_TOLERANCE,
      locallyStable: localDistance === null || localDistance <= ON_BOUNDARY_TOLERANCE,
    });
  }
  const origin = interfaces.find((f) => !f.globallyStable)?.index ?? null;
  const localOrigin = interfaces.find((f) => !f.locallyStable)?.index ?? null;
  const globallyStable = origin === null;
  const locallyStable = localOrigin === null;
  let category: TowerCategory | null;
  if (globallyStable) category = locallyStable ? 'A' : 'C';
  else if (locallyStable) category = 'B';
  else category = interfaces[origin]?.locallyStable === false ? 'D' : null;
  return { interfaces, globallyStable, locallyStable, origin, localOrigin, category };
}
