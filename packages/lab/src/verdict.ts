/**
 * The one verdict vocabulary of the reproduction reports (towers, Figs. 3 to
 * 7; MNIST hints, Figs. 9 and 10). A claim compares two metrics over seeds
 * (or one against a constant). It *holds* only when the difference beats
 * seed noise, by Welch's t-test at p < 0.05, and goes the claimed way on
 * every seed (paired by seed when both sides ran the same seeds). Otherwise
 * it is *within noise* (the claimed way on the mean, not beyond noise),
 * *does not hold* (the other way on the mean, significantly or not), or
 * gets *no verdict* (too few seeds, points not run, a network near chance).
 *
 * A plain difference ("lambda = -0.3 raises accuracy") is tested two-sided.
 * A threshold ("easy accuracy at least 0.90", "hard below easy by at least
 * 0.15") is a one-sided test of the difference against a margin: the mean
 * must exceed the margin by more than seed noise.
 */
import { oneSampleTTest, type TTestResult, welchTTest } from './welch-t-test';

/** The four verdicts. */
export type VerdictKind = 'holds' | 'within noise' | 'does not hold' | 'no verdict';

/** One metric over seeds. */
export interface SeedSample {
  /** What it is, for the verdict's line (e.g. `hard at lambda -0.3`). */
  label: string;
  /** One value per seed. */
  values: readonly number[];
  /** The seeds of `values`, in the same order; without them seeds are not paired. */
  seeds?: readonly number[];
}

/** A constant to compare a sample with (a threshold, a paper's number). */
export interface Reference {
  label: string;
  value: number;
}

/** A claim that `a - b` is greater (or less) than `margin`. */
export interface Claim {
  a: SeedSample;
  b: SeedSample | Reference;
  /** `greater`: a - b > margin; `less`: a - b < margin. */
  direction: 'greater' | 'less';
  /**
   * Default 0. A nonzero margin, or a constant `b`, makes the claim a threshold, tested one-sided;
   * a plain difference of two samples is tested two-sided.
   */
  margin?: number;
  /** Significance level; default 0.05. */
  alpha?: number;
}

/** One seed's side of a claim. */
export interface SeedDirection {
  /** The seed; null where the sample came without seeds. */
  seed: number | null;
  /** a - b on this seed (paired), or this seed's a less b's mean or constant (unpaired). */
  difference: number;
  /** Whether this seed goes the claimed way (beyond the margin). */
  claimedWay: boolean;
}

/** The verdict on one claim, or on several combined. */
export interface Verdict {
  kind: VerdictKind;
  /** For `does not hold`: whether the other way is significant; null otherwise. */
  significant: boolean | null;
  /** The comparison behind a single claim's verdict; absent for combined verdicts and bare "no verdict". */
  comparison?: {
    a: string;
    b: string;
    direction: 'greater' | 'less';
    margin: number;
    sides: 'two-sided' | 'one-sided';
    test: TTestResult;
    /**
     * The p the verdict used: two-sided; or one-sided, in the claimed way, or the other way when the
     * mean goes the other way (whether that is significant). Null when not testable.
     */
    p: number | null;
    /** For one-sided tests: which way `p` tests. */
    pWay?: 'claimed way' | 'other way';
    /** Whether the per-seed differences are paired by seed. */
    paired: boolean;
    perSeed: SeedDirection[];
  };
  /** How parts were combined (`all of` must all hold, `some of` one must). */
  combine?: 'all of' | 'some of';
  parts?: { label: string; verdict: Verdict }[];
  /** Why there is no verdict (or why it was withheld), in words. */
  reason?: string;
}

/** The significance level of every verdict unless a claim says otherwise. */
export const SIGNIFICANCE_LEVEL = 0.05;

const isReference = (b: SeedSample | Reference): b is Reference => 'value' in b && !('values' in b);

function perSeedDirections(claim: Claim, margin: number): { paired: boolean; perSeed: SeedDirection[] } {
  const { a, b } = claim;
  const way = (d: number) => (claim.direction === 'greater' ? d > margin : d < margin);
  const seedOf = (i: number) => a.seeds?.[i] ?? null;
  if (!isReference(b) && a.seeds && b.seeds && sameSeeds(a.seeds, b.seeds)) {
    const bySeed = new Map(b.seeds.map((s, i) => [s, b.values[i]!]));
    return {
      paired: true,
      perSeed: a.seeds.map((seed, i) => {
        const difference = a.values[i]! - bySeed.get(seed)!;
        return { seed, difference, claimedWay: way(difference) };
      }),
    };
  }
  const reference = isReference(b)
    ? b.value
    : b.values.reduce((s, v) => s + v, 0) / Math.max(1, b.values.length);
  return {
    paired: false,
    perSeed: a.values.map((v, i) => ({
      seed: seedOf(i),
      difference: v - reference,
      claimedWay: way(v - reference),
    })),
  };
}

function sameSeeds(x: readonly number[], y: readonly number[]): boolean {
  if (x.length !== y.length) return false;
  const set = new Set(x);
  return set.size === x.length && y.every((s) => set.has(s));
}

/** The verdict on one claim: Welch's t-test over seeds plus the direction on each seed. */
export function judge(claim: Claim): Verdict {
  const margin = claim.margin ?? 0;
  const alpha = claim.alpha ?? SIGNIFICANCE_LEVEL;
  const reference = isReference(claim.b);
  const test = isReference(claim.b)
    ? oneSampleTTest(claim.a.values, claim.b.value, margin)
    : welchTTest(claim.a.values, claim.b.values, margin);
  const sides = reference || margin !== 0 ? 'one-sided' : 'two-sided';
  const { paired, perSeed } = perSeedDirections(claim, margin);
  const base = {
    a: claim.a.label,
    b: claim.b.label,
    direction: claim.direction,
    margin,
    sides,
    test,
    paired,
    perSeed,
  } as const;
  if (!test.testable) {
    return { kind: 'no verdict', significant: null, comparison: { ...base, p: null }, reason: test.reason };
  }
  const greater = claim.direction === 'greater';
  const p = sides === 'two-sided' ? test.pTwoSided : greater ? test.pGreater : test.pLess;
  const pOtherWay = sides === 'two-sided' ? test.pTwoSided : greater ? test.pLess : test.pGreater;
  const shift = test.difference - margin;
  const claimedWayOnMean = greater ? shift > 0 : shift < 0;
  const oneSided = sides === 'one-sided';
  if (!claimedWayOnMean) {
    const comparison = { ...base, p: pOtherWay, ...(oneSided ? { pWay: 'other way' as const } : {}) };
    return { kind: 'does not hold', significant: pOtherWay < alpha, comparison };
  }
  const comparison = { ...base, p, ...(oneSided ? { pWay: 'claimed way' as const } : {}) };
  const everySeed = perSeed.every((s) => s.claimedWay);
  return { kind: p < alpha && everySeed ? 'holds' : 'within noise', significant: null, comparison };
}

/** Every part must hold: the first failing part decides, then a missing verdict, then noise. */
export function allOf(parts: { label: string; verdict: Verdict }[]): Verdict {
  const kinds = parts.map((p) => p.verdict.kind);
  const failing = parts.filter((p) => p.verdict.kind === 'does not hold');
  const kind: VerdictKind =
    parts.length === 0
      ? 'no verdict'
      : failing.length > 0
        ? 'does not hold'
        : kinds.includes('no verdict')
          ? 'no verdict'
          : kinds.includes('within noise')
            ? 'within noise'
            : 'holds';
  return {
    kind,
    significant: kind === 'does not hold' ? failing.some((p) => p.verdict.significant === true) : null,
    combine: 'all of',
    parts,
    ...(parts.length === 0 ? { reason: 'nothing to compare' } : {}),
  };
}

/** One part must hold (e.g. some lambda of a sweep); each part is tested at the same level, uncorrected. */
export function someOf(parts: { label: string; verdict: Verdict }[]): Verdict {
  const kinds = parts.map((p) => p.verdict.kind);
  const kind: VerdictKind = kinds.includes('holds')
    ? 'holds'
    : kinds.includes('within noise')
      ? 'within noise'
      : kinds.includes('no verdict') || parts.length === 0
        ? 'no verdict'
        : 'does not hold';
  return {
    kind,
    significant: kind === 'does not hold' ? parts.every((p) => p.verdict.significant === true) : null,
    combine: 'some of',
    parts,
    ...(parts.length === 0 ? { reason: 'nothing to compare' } : {}),
  };
}

/** No verdict, for a reason (points not run, a network near chance); keeps the numbers of `basis` if given. */
export function noVerdict(reason: string, basis?: Verdict): Verdict {
  return { ...(basis ?? {}), kind: 'no verdict', significant: null, reason };
}

/** The verdict in words: `holds`, `within noise`, `does not hold (significant)`, `does not hold (not significant)` or `no verdict`. */
export function verdictLabel(verdict: Verdict): string {
  if (verdict.kind !== 'does not hold') return verdict.kind;
  return `does not hold (${verdict.significant ? 'significant' : 'not significant'})`;
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const signed = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(3)}` : 'n/a');
/** p with three decimals, or in scientific notation below 0.001. */
export const formatP = (p: number) => (p >= 0.001 ? p.toFixed(3) : p.toExponential(1));

function describeComparison(c: NonNullable<Verdict['comparison']>): string {
  const sign = c.direction === 'greater' ? '>' : '<';
  const numbers = `${c.a} ${f3(c.test.meanA)} vs ${c.b} ${f3(c.test.meanB)}: difference ${signed(c.test.difference)} (claimed ${sign} ${c.margin === 0 ? '0' : signed(c.margin)})`;
  const test = c.test.testable
    ? `t = ${c.test.t.toFixed(2)}, df = ${c.test.df.toFixed(1)}, p = ${formatP(c.p!)} (${c.pWay ? `one-sided, ${c.pWay}` : c.sides})`
    : `not testable: ${c.test.reason}`;
  const seeds = c.perSeed
    .map((s) => `${s.seed === null ? '' : `seed ${s.seed} `}${signed(s.difference)}`)
    .join(', ');
  const claimed = c.perSeed.filter((s) => s.claimedWay).length;
  const against = c.paired
    ? ''
    : c.test.kind === 'one-sample'
      ? ` (against ${c.b})`
      : ` (against the mean of ${c.b})`;
  return `${numbers}, ${test}; per seed${against}: ${seeds} (${claimed} of ${c.perSeed.length} the claimed way)`;
}

/** The numbers behind a verdict in words: means, difference, t, df, p and the per-seed differences. */
export function describeVerdict(verdict: Verdict): string {
  const body = verdict.comparison
    ? describeComparison(verdict.comparison)
    : verdict.parts && verdict.parts.length > 0
      ? `${verdict.combine}: ${verdict.parts.map((p) => `[${p.label}: ${verdictLabel(p.verdict)}; ${describeVerdict(p.verdict)}]`).join(' ')}`
      : '';
  const comparison = verdict.comparison;
  const testReason = comparison && !comparison.test.testable ? comparison.test.reason : undefined;
  const reason = verdict.reason !== testReason ? verdict.reason : undefined;
  return [body, reason ? `no verdict: ${reason}` : ''].filter(Boolean).join('; ');
}

/** A paper's claim checked on a run, as both reports list them. */
export interface Finding<Id extends string = string> {
  /** Stable id. */
  id: Id;
  /** The paper's claim, in words. */
  claim: string;
  verdict: Verdict;
  /** {@link describeVerdict} of the verdict: the numbers behind it. */
  detail: string;
}

/** Builds a finding, its detail written from the verdict. */
export function finding<Id extends string>(id: Id, claim: string, verdict: Verdict): Finding<Id> {
  return { id, claim, verdict, detail: describeVerdict(verdict) };
}

/** The finding's line in a report: `<verdict>: <claim> <numbers>`. */
export function findingLine(f: Finding): string {
  return `${verdictLabel(f.verdict)}: ${f.claim} ${f.detail}`;
}
