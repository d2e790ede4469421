/**
 * ShapeStacks scenario names, e.g. `ccs-hard-h=6-vcom=5-vpsf=0-v=120`: the
 * folder name of every tower, so that tools written for ShapeStacks read our
 * towers as they read theirs. `vcom` and `vpsf` give the (1-based) index of
 * the object that violates the centre-of-mass or planar-surface rule, 0 for
 * none; a tower is globally stable iff both are 0 (paper Section 4).
 */

/** The parts of a ShapeStacks scenario name. */
export interface ScenarioName {
  /** Shape set: `blocks` (cuboids only) or `ccs` (cuboids, cylinders, spheres). */
  shapeSet: 'blocks' | 'ccs';
  /** ShapeStacks' own difficulty tag (not the stethoscope paper's easy/hard). */
  difficulty: 'easy' | 'hard';
  /** Number of objects, 2 to 6. */
  height: number;
  /** 1-based index (from the bottom) of the object that violates the centre-of-mass rule; 0 for none. */
  vcom: number;
  /** 1-based index of the object that violates the planar-surface rule; 0 for none. */
  vpsf: number;
  /** Variant number, unique within one dataset. */
  variant: number;
}

const PATTERN = /^(blocks|ccs)-(easy|hard)-h=(\d+)-vcom=(\d+)-vpsf=(\d+)-v=(\d+)$/;

/** Formats a scenario name; throws on values ShapeStacks cannot express. */
export function formatScenarioName(name: ScenarioName): string {
  const { shapeSet, difficulty, height, vcom, vpsf, variant } = name;
  for (const [key, value] of Object.entries({ height, vcom, vpsf, variant })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`formatScenarioName: ${key} must be a non-negative integer, got ${value}`);
    }
  }
  if (height < 2 || height > 6)
    throw new RangeError(`formatScenarioName: height must be 2 to 6, got ${height}`);
  if (vcom > height || vpsf > height) {
    throw new RangeError(
      `formatScenarioName: vcom (${vcom}) and vpsf (${vpsf}) must not exceed height (${height})`,
    );
  }
  return `${shapeSet}-${difficulty}-h=${height}-vcom=${vcom}-vpsf=${vpsf}-v=${variant}`;
}

/** Parses a scenario name (with or without the `env_` folder prefix); throws naming the input if it does not parse. */
export function parseScenarioName(text: string): ScenarioName {
  const bare = text.startsWith('env_') ? text.slice(4) : text;
  const m = PATTERN.exec(bare);
  if (!m) {
    throw new SyntaxError(
      `"${text}" is not a ShapeStacks scenario name; expected e.g. "ccs-hard-h=6-vcom=5-vpsf=0-v=120"`,
    );
  }
  const parsed: ScenarioName = {
    shapeSet: m[1] as ScenarioName['shapeSet'],
    difficulty: m[2] as ScenarioName['difficulty'],
    height: Number(m[3]),
    vcom: Number(m[4]),
    vpsf: Number(m[5]),
    variant: Number(m[6]),
  };
  formatScenarioName(parsed); // range checks
  return parsed;
}

/** Global stability as ShapeStacks labels it: stable iff no object violates either rule. */
export function isGloballyStable(name: ScenarioName): boolean {
  return name.vcom === 0 && name.vpsf === 0;
}
