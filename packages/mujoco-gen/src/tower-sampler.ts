/**
 * The tower sampler: single-stranded ShapeStacks towers of 2 to 6 objects
 * (paper Section 4, Groth et al. 2018), made to order for each of the
 * paper's categories A-D.
 *
 * ShapeStacks' recipe: shapes (any top object; cuboids or standing cylinders
 * below), sizes (cuboid edges U[0.5, 1]; cylinder radius U[0.25, 0.5] and
 * length U[0.5, 1]; sphere radius U[0.25, 0.5]), integer-degree yaw, built
 * top-down: the top object at the origin, each lower object placed under the
 * running centre of mass of everything above, shifted by an offset in its
 * own frame (stable: +-U[0, 0.5] x half-extent per axis); the tower is then
 * shifted by U[-2, 2] in x and y; six primary colours, unique per tower.
 *
 * Categories are made by choosing, at one origin interface, where the
 * support goes: we slide it along a line in the plane and keep the
 * positions where the centre of mass above (global) and the object directly
 * above (local) are inside or outside the contact region as the category
 * needs, each by a margin. For B and C the object above the origin gets a
 * strong (but stable) offset, so the sub-stack leans and the two centres of
 * mass differ enough to separate. Every tower is then labelled exactly
 * (stability-labels.ts) and rejected unless it has the requested category,
 * one global violation at most (the origin), and every centre of mass at
 * least a margin from every boundary, so physics agrees with the labels.
 */
import { InvalidTowerOptionError, TowerGenError } from './errors';
import { signedDistance, type Vec2 } from './planar-region';
import { createRandom, deriveSeed, type Random } from './random';
import { labelTower, supportRegion, type TowerCategory, type TowerLabels } from './stability-labels';
import {
  centreOfMass,
  DENSITY,
  objectHeight,
  objectQuaternion,
  objectVolume,
  PRIMARY_COLORS,
  type TowerObject,
  type Vec3,
} from './tower';

/** Settings of the tower sampler. */
export interface TowerSamplerConfig {
  /** Minimum distance of the centre of mass above from every support boundary, inside or out (m). Default 0.05 (ShapeStacks' violation distance). */
  globalMargin?: number;
  /** Minimum distance of the centre of the object directly above from every support boundary (m). Default 0.03. */
  localMargin?: number;
  /** Largest distance of a centre of mass outside its support region (keeps violating objects touching). Default 0.3. */
  maxOverhang?: number;
  /** Attempts before giving up on one tower. Default 500. */
  maxAttempts?: number;
}

/** What to sample. */
export interface TowerRequest {
  /** Paper category A-D. */
  category: TowerCategory;
  /** Number of objects, 2 to 6 (B and C need at least 3). */
  height: number;
  /** Dataset seed. */
  seed: number;
  /** Tower index within the dataset (also its ShapeStacks variant number). */
  index: number;
  /** Resampling round after a physics disagreement (0 first). Default 0. */
  round?: number;
}

/** The scene settings ShapeStacks varies per tower (indices into the renderer's tables). */
export interface TowerScene {
  /** Wall texture 0..5. */
  wallTexture: number;
  /** Floor texture 0..5. */
  floorTexture: number;
  /** The light (0..4) that casts shadows. */
  light: number;
}

/** A sampled, labelled tower. */
export interface SampledTower {
  index: number;
  /** Resampling round (see {@link TowerRequest.round}). */
  round: number;
  /** Requested height and category (the labels confirm them). */
  height: number;
  category: TowerCategory;
  /** Objects bottom to top. */
  objects: TowerObject[];
  /** Colour names of the objects, bottom to top. */
  colorNames: string[];
  labels: TowerLabels;
  scene: TowerScene;
  /** Attempts the sampler needed. */
  attempts: number;
}

/** Smallest height each category can have: B and C need a sub-stack of two above the origin. */
export const MIN_HEIGHT: Readonly<Record<TowerCategory, number>> = { A: 2, B: 3, C: 3, D: 2 };

const DEFAULTS: Required<TowerSamplerConfig> = {
  globalMargin: 0.05,
  localMargin: 0.03,
  maxOverhang: 0.3,
  maxAttempts: 500,
};

type Draft = Omit<TowerObject, 'position' | 'quaternion' | 'color'> & { position: Vec3 };

function drawObject(rng: Random, top: boolean): Draft {
  const kind = top
    ? rng.pick(['cuboid', 'cuboid', 'sphere', 'sphere', 'standing', 'lying'] as const)
    : rng.pick(['cuboid', 'standing'] as const);
  let draft: Omit<Draft, 'mass'>;
  if (kind === 'cuboid') {
    const size: Vec3 = [rng.uniform(0.5, 1), rng.uniform(0.5, 1), rng.uniform(0.5, 1)];
    draft = { shape: 'cuboid', size, lying: false, yawDeg: rng.int(0, 359), position: [0, 0, 0] };
  } else if (kind === 'sphere') {
    const r = rng.uniform(0.25, 0.5);
    draft = { shape: 'sphere', size: [r, r, r], lying: false, yawDeg: 0, position: [0, 0, 0] };
  } else {
    const r = rng.uniform(0.25, 0.5);
    const lying = kind === 'lying';
    draft = {
      shape: 'cylinder',
      size: [r, r, rng.uniform(0.5, 1)],
      lying,
      yawDeg: lying ? rng.int(0, 359) : 0,
      position: [0, 0, 0],
    };
  }
  return { ...draft, mass: DENSITY * objectVolume(draft.shape, draft.size) };
}

/** Half extents of the top face in the object's own frame. */
function halfExtents(o: Draft): [number, number] {
  return o.shape === 'cuboid' ? [o.size[0] / 2, o.size[1] / 2] : [o.size[0], o.size[0]];
}

function toWorld(o: Draft, local: Vec2): Vec2 {
  const yaw = (o.yawDeg * Math.PI) / 180;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  return [c * local[0] - s * local[1], s * local[0] + c * local[1]];
}

type Want = 'in' | 'out' | 'any';

/**
 * Slides `support` along `direction` from under `com` and puts it at a
 * random position where the global and local centres are where wanted.
 */
function slideSupport(
  rng: Random,
  objects: Draft[],
  s: number,
  direction: Vec2,
  want: { global: Want; local: Want },
  cfg: Required<TowerSamplerConfig>,
): boolean {
  const support = objects[s] as Draft;
  const above = objects[s + 1] as Draft;
  const com = centreOfMass(objects.slice(s + 1));
  const [hx, hy] = halfExtents(support);
  const reach = Math.hypot(hx, hy) + Math.hypot(above.size[0], above.size[1]) + cfg.maxOverhang;
  const steps = 240;
  const ok = (d: number | null, w: Want, margin: number) => {
    if (d === null || !Number.isFinite(d)) return false;
    if (w === 'in') return d <= -margin;
    if (w === 'out') return d >= margin && d <= cfg.maxOverhang;
    return Math.abs(d) >= margin && d <= cfg.maxOverhang;
  };
  const check = (t: number): boolean => {
    support.position = [com[0] + t * direction[0], com[1] + t * direction[1], 0];
    const region = supportRegion(objects, s + 1);
    if (region.kind === 'empty') return false;
    const g = signedDistance(region, [com[0], com[1]]);
    const l = signedDistance(region, [above.position[0], above.position[1]]);
    return ok(g, want.global, cfg.globalMargin) && ok(l, want.local, cfg.localMargin);
  };
  const valid: number[] = [];
  for (let i = 0; i <= steps; i++) if (check((reach * i) / steps)) valid.push((reach * i) / steps);
  if (valid.length === 0) return false;
  for (let tries = 0; tries < 8; tries++) {
    const t = rng.pick(valid) + rng.uniform(-0.5, 0.5) * (reach / steps);
    if (t >= 0 && check(t)) return true;
  }
  return check(valid[0] as number);
}

/** One attempt; null when the draw cannot make the category. */
function attempt(rng: Random, request: TowerRequest, cfg: Required<TowerSamplerConfig>): Draft[] | null {
  const n = request.height;
  const objects: Draft[] = [];
  for (let i = 0; i < n; i++) objects.push(drawObject(rng, i === n - 1));
  const { category } = request;
  // Origin interface (1-based, as vcom) and the support index below it.
  const origin = category === 'A' ? 0 : category === 'D' ? rng.int(1, n - 1) : rng.int(1, n - 2);
  for (let s = n - 2; s >= 0; s--) {
    const support = objects[s] as Draft;
    const above = objects[s + 1] as Draft;
    const com = centreOfMass(objects.slice(s + 1));
    const interfaceIndex = s + 1;
    if (interfaceIndex === origin) {
      const lean: Vec2 = [com[0] - above.position[0], com[1] - above.position[1]];
      const len = Math.hypot(lean[0], lean[1]);
      let ok: boolean;
      if (category === 'B' || category === 'C') {
        if (len < cfg.globalMargin + cfg.localMargin) return null;
        // B: move the support towards the object above (the leaning centre of mass drops off the far edge);
        // C: move it away (the object above overhangs, held by the weight above it).
        const sign = category === 'B' ? -1 : 1;
        ok = slideSupport(
          rng,
          objects,
          s,
          [(sign * lean[0]) / len, (sign * lean[1]) / len],
          { global: category === 'B' ? 'out' : 'in', local: category === 'B' ? 'in' : 'out' },
          cfg,
        );
      } else {
        // D: break x, y or both in the support's frame, as ShapeStacks does.
        const broken = rng.int(0, 2);
        const local: Vec2 = [broken !== 1 ? rng.sign() : 0, broken !== 0 ? rng.sign() : 0];
        const w = toWorld(support, local);
        const wl = Math.hypot(w[0], w[1]);
        ok = slideSupport(rng, objects, s, [-w[0] / wl, -w[1] / wl], { global: 'out', local: 'out' }, cfg);
      }
      if (!ok) return null;
      continue;
    }
    // Stable ShapeStacks offset; strong when it makes the lean above a B/C origin.
    const strong = (category === 'B' || category === 'C') && interfaceIndex === origin + 1;
    const [hx, hy] = halfExtents(support);
    const f = () => (strong ? rng.uniform(0.35, 0.5) : rng.uniform(0, 0.5));
    const offset = toWorld(support, [rng.sign() * f() * hx, rng.sign() * f() * hy]);
    support.position = [com[0] - offset[0], com[1] - offset[1], 0];
  }
  return objects;
}

function accept(labels: TowerLabels, request: TowerRequest, cfg: Required<TowerSamplerConfig>): boolean {
  if (labels.category !== request.category) return false;
  const violations = labels.interfaces.filter((f) => !f.globallyStable);
  if (violations.length > 1 || labels.origin === 0) return false;
  return labels.interfaces.every(
    (f) =>
      Math.abs(f.globalDistance) >= cfg.globalMargin &&
      f.globalDistance <= cfg.maxOverhang &&
      (f.localDistance === null ||
        (Math.abs(f.localDistance) >= cfg.localMargin && f.localDistance <= cfg.maxOverhang)),
  );
}

/** Checks a request; throws {@link InvalidTowerOptionError} naming what is wrong. */
export function validateTowerRequest(request: Pick<TowerRequest, 'category' | 'height'>): void {
  if (!['A', 'B', 'C', 'D'].includes(request.category)) {
    throw new InvalidTowerOptionError(
      `Unknown tower category "${request.category}": expected one of A, B, C, D.`,
    );
  }
  if (!Number.isInteger(request.height) || request.height < 2 || request.height > 6) {
    throw new InvalidTowerOptionError(`Tower height must be an integer from 2 to 6, got ${request.height}.`);
  }
  if (request.height < MIN_HEIGHT[request.category]) {
    throw new InvalidTowerOptionError(
      `Category ${request.category} needs towers of at least ${MIN_HEIGHT[request.category]} objects (got ${request.height}): ` +
        'its origin needs two objects above it, so that the whole sub-stack and the object directly above can disagree.',
    );
  }
}

/** Samples one tower of the requested category and height, deterministically from (seed, index, round). */
export function sampleTower(request: TowerRequest, config: TowerSamplerConfig = {}): SampledTower {
  validateTowerRequest(request);
  const cfg = { ...DEFAULTS, ...config };
  const round = request.round ?? 0;
  const rng = createRandom(deriveSeed(request.seed, request.index, round));
  for (let attempts = 1; attempts <= cfg.maxAttempts; attempts++) {
    const drafts = attempt(rng, request, cfg);
    if (!drafts) continue;
    // Stack from the floor, shift the tower by U[-2, 2], and label.
    const shift: Vec2 = [rng.uniform(-2, 2), rng.uniform(-2, 2)];
    let z = 0;
    for (const o of drafts) {
      const h = objectHeight(o);
      o.position = [o.position[0] + shift[0], o.position[1] + shift[1], z + h / 2];
      z += h;
    }
    const labels = labelTower(drafts);
    if (!accept(labels, request, cfg)) continue;
    const colorNames = shuffle(rng, Object.keys(PRIMARY_COLORS)).slice(0, drafts.length);
    const objects: TowerObject[] = drafts.map((o, i) => ({
      ...o,
      quaternion: objectQuaternion(o.yawDeg, o.lying),
      color: [...(PRIMARY_COLORS[colorNames[i] as string] as Vec3)],
    }));
    const scene = { wallTexture: rng.int(0, 5), floorTexture: rng.int(0, 5), light: rng.int(0, 4) };
    return {
      index: request.index,
      round,
      height: request.height,
      category: request.category,
      objects,
      colorNames,
      labels,
      scene,
      attempts,
    };
  }
  throw new TowerGenError(
    `Could not sample a category ${request.category} tower of height ${request.height} in ${cfg.maxAttempts} attempts ` +
      '(seed ' +
      request.seed +
      ', index ' +
      request.index +
      '); lower the margins or raise maxAttempts.',
  );
}

function shuffle<T>(rng: Random, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
