/**
 * Welch's t-test over seeds: is the difference of two means (less a margin)
 * larger than seed noise? Unequal variances, Welch-Satterthwaite degrees of
 * freedom, p from the Student-t CDF. Against a constant reference value it is
 * the one-sample t-test. Used to decide whether a finding of the paper (e.g.
 * Fig. 6a's "adversarial training raises hard accuracy", Fig. 10's "a
 * moderate lambda helps") beats seed noise, rather than reading it off means.
 */
import { studentTCdf } from './student-t';

/** A t-test that could be computed. */
export interface TTest {
  testable: true;
  /** `welch` (two samples) or `one-sample` (a sample against a constant). */
  kind: 'welch' | 'one-sample';
  /** Mean of the first sample. */
  meanA: number;
  /** Mean of the second sample, or the constant. */
  meanB: number;
  /** meanA - meanB. */
  difference: number;
  /** The margin the difference is tested against (0: plain difference). */
  margin: number;
  /** (difference - margin) / standard error. */
  t: number;
  /** Welch-Satterthwaite degrees of freedom (n - 1 for one sample). */
  df: number;
  /** Two-sided p: P(|T| >= |t|). */
  pTwoSided: number;
  /** One-sided p for "difference > margin": P(T >= t). */
  pGreater: number;
  /** One-sided p for "difference < margin": P(T <= t). */
  pLess: number;
}

/** A t-test that could not be computed, and why (too few seeds, no spread, a diverged run). */
export interface UntestableTTest {
  testable: false;
  kind: 'welch' | 'one-sample';
  /** Means where they exist (NaN for an empty sample). */
  meanA: number;
  meanB: number;
  difference: number;
  margin: number;
  /** Why there is no test, in words. */
  reason: string;
}

/** The result of {@link welchTTest} or {@link oneSampleTTest}. */
export type TTestResult = TTest | UntestableTTest;

const mean = (values: readonly number[]) =>
  values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
const variance = (values: readonly number[], m: number) =>
  values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1);

function finish(
  kind: TTest['kind'],
  meanA: number,
  meanB: number,
  margin: number,
  se: number,
  df: number,
): TTestResult {
  const difference = meanA - meanB;
  if (!(se > 0)) {
    return {
      testable: false,
      kind,
      meanA,
      meanB,
      difference,
      margin,
      reason: 'no spread over seeds (every seed gave the same value), so seed noise cannot be estimated',
    };
  }
  const t = (difference - margin) / se;
  const pLess = studentTCdf(t, df);
  const pGreater = studentTCdf(-t, df);
  return {
    testable: true,
    kind,
    meanA,
    meanB,
    difference,
    margin,
    t,
    df,
    pTwoSided: Math.min(1, 2 * Math.min(pLess, pGreater)),
    pGreater,
    pLess,
  };
}

function untestable(
  kind: TTest['kind'],
  meanA: number,
  meanB: number,
  margin: number,
  reason: string,
): UntestableTTest {
  return { testable: false, kind, meanA, meanB, difference: meanA - meanB, margin, reason };
}

const nonFinite = (values: readonly number[]) => values.some((v) => !Number.isFinite(v));

/**
 * Welch's t-test of `mean(a) - mean(b)` against `margin` (default 0): t =
 * (mean(a) - mean(b) - margin) / sqrt(s_a^2/n_a + s_b^2/n_b), with
 * Welch-Satterthwaite degrees of freedom. Not testable with fewer than 2
 * values on a side, a non-finite value, or no spread on either side.
 */
export function welchTTest(a: readonly number[], b: readonly number[], margin = 0): TTestResult {
  const ma = mean(a);
  const mb = mean(b);
  if (a.length < 2 || b.length < 2) {
    return untestable(
      'welch',
      ma,
      mb,
      margin,
      `too few seeds to estimate seed noise (${a.length} and ${b.length}; at least 2 each needed)`,
    );
  }
  if (nonFinite(a) || nonFinite(b)) {
    return untestable('welch', ma, mb, margin, 'a run gave a non-finite value (diverged)');
  }
  const va = variance(a, ma) / a.length;
  const vb = variance(b, mb) / b.length;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return finish('welch', ma, mb, margin, se, df);
}

/**
 * One-sample t-test of `mean(a) - reference` against `margin` (default 0):
 * t = (mean(a) - reference - margin) / (s / sqrt(n)), n - 1 degrees of
 * freedom. Not testable with fewer than 2 values, a non-finite value, or no
 * spread.
 */
export function oneSampleTTest(a: readonly number[], reference: number, margin = 0): TTestResult {
  const ma = mean(a);
  if (a.length < 2) {
    return untestable(
      'one-sample',
      ma,
      reference,
      margin,
      `too few seeds to estimate seed noise (${a.length}; at least 2 needed)`,
    );
  }
  if (nonFinite(a))
    return untestable('one-sample', ma, reference, margin, 'a run gave a non-finite value (diverged)');
  const se = Math.sqrt(variance(a, ma) / a.length);
  return finish('one-sample', ma, reference, margin, se, a.length - 1);
}
