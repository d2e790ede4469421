import { describe, expect, it } from 'vitest';
import { studentTCdf } from './student-t';
import { oneSampleTTest, type TTest, welchTTest } from './welch-t-test';

const tested = (r: ReturnType<typeof welchTTest>): TTest => {
  if (!r.testable) throw new Error(`expected a test, got: ${r.reason}`);
  return r;
};

describe('welchTTest', () => {
  it("matches Wikipedia's Welch's t-test example 1 (t = -2.46, df = 25.0, p = 0.021)", () => {
    // https://en.wikipedia.org/wiki/Welch%27s_t-test#Examples; digits from
    // scipy 1.17.1: stats.ttest_ind(a, b, equal_var=False) gives
    // t = -2.455356398286006, p = 0.021378001462866992, df = 24.988529290231416.
    const a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const r = tested(welchTTest(a, b));
    expect(r.t).toBeCloseTo(-2.455356398286006, 10);
    expect(r.df).toBeCloseTo(24.988529290231416, 10);
    expect(r.pTwoSided).toBeCloseTo(0.021378001462866992, 9);
    expect(r.pLess).toBeCloseTo(0.021378001462866992 / 2, 9);
    expect(r.pGreater).toBeCloseTo(1 - 0.021378001462866992 / 2, 9);
    expect(r.kind).toBe('welch');
  });

  it('matches scipy on three seeds a side, with unequal sizes and variances', () => {
    // scipy 1.17.1 stats.ttest_ind(..., equal_var=False):
    // [0.85, 0.86, 0.84] vs [0.3, 0.35, 0.32]: t = 33.685713184186454, p = 0.00015910815881539007, df = 2.616216216216217
    let r = tested(welchTTest([0.85, 0.86, 0.84], [0.3, 0.35, 0.32]));
    expect(r.t).toBeCloseTo(33.685713184186454, 8);
    expect(r.df).toBeCloseTo(2.616216216216217, 10);
    expect(r.pTwoSided).toBeCloseTo(0.00015910815881539007, 10);
    expect(r.difference).toBeCloseTo(0.85 - 0.3233333333333333, 12);
    // [0.8, 0.81, 0.79] vs [0.78, 0.77, 0.79]: t = 2.449489742783205, p = 0.07048399691021787, df = 4.0
    r = tested(welchTTest([0.8, 0.81, 0.79], [0.78, 0.77, 0.79]));
    expect(r.t).toBeCloseTo(2.449489742783205, 9);
    expect(r.df).toBeCloseTo(4, 10);
    expect(r.pTwoSided).toBeCloseTo(0.07048399691021787, 9);
    // [1, 2, 3, 4] vs [2, 2.5]: t = 0.36115755925730764, p = 0.7375654689245531, df = 3.716627634660422
    r = tested(welchTTest([1, 2, 3, 4], [2, 2.5]));
    expect(r.t).toBeCloseTo(0.36115755925730764, 10);
    expect(r.df).toBeCloseTo(3.716627634660422, 10);
    expect(r.pTwoSided).toBeCloseTo(0.7375654689245531, 9);
  });

  it('tests the difference against a margin, one-sided as scipy does on the shifted sample', () => {
    // "a beats b by more than 0.15": scipy 1.17.1 stats.ttest_ind(a - 0.15, b, equal_var=False,
    // alternative='greater') on a = [0.9, 0.92, 0.88], b = [0.7, 0.72, 0.75] gives
    // t = 1.4368424162142013, p = 0.11379484185709902, df = 3.8059405940594067.
    const r = tested(welchTTest([0.9, 0.92, 0.88], [0.7, 0.72, 0.75], 0.15));
    expect(r.margin).toBe(0.15);
    expect(r.difference).toBeCloseTo(0.9 - 0.7233333333333333, 12);
    expect(r.t).toBeCloseTo(1.4368424162142013, 9);
    expect(r.df).toBeCloseTo(3.8059405940594067, 9);
    expect(r.pGreater).toBeCloseTo(0.11379484185709902, 9);
  });

  it('says why it cannot test: too few seeds, no spread, a diverged run', () => {
    const one = welchTTest([0.8], [0.7, 0.72]);
    expect(one).toMatchObject({ testable: false, meanA: 0.8, meanB: 0.71 });
    expect(one.testable === false && one.reason).toBe(
      'too few seeds to estimate seed noise (1 and 2; at least 2 each needed)',
    );
    const flat = welchTTest([0.5, 0.5, 0.5], [0.5, 0.5]);
    expect(flat.testable === false && flat.reason).toMatch(/^no spread over seeds/);
    const diverged = welchTTest([0.5, Number.NaN], [0.5, 0.6]);
    expect(diverged.testable === false && diverged.reason).toMatch(/non-finite/);
    // No spread on one side only is still a test: the other side carries the noise.
    expect(welchTTest([0.5, 0.5, 0.5], [0.6, 0.62, 0.61]).testable).toBe(true);
  });
});

describe('oneSampleTTest', () => {
  it('matches scipy: is the mean above a threshold?', () => {
    // scipy 1.17.1 stats.ttest_1samp([0.91, 0.93, 0.95], 0.9, alternative='greater'):
    // t = 2.598076211353323, p = 0.06084496717315979, df = 2.
    const r = tested(oneSampleTTest([0.91, 0.93, 0.95], 0.9));
    expect(r.kind).toBe('one-sample');
    expect(r.t).toBeCloseTo(2.598076211353323, 9);
    expect(r.df).toBe(2);
    expect(r.pGreater).toBeCloseTo(0.06084496717315979, 9);
    expect(r.pTwoSided).toBeCloseTo(2 * 0.06084496717315979, 9);
    expect(oneSampleTTest([0.91], 0.9).testable).toBe(false);
  });
});

describe('studentTCdf', () => {
  it('matches scipy at non-integer degrees of freedom (as Welch gives)', () => {
    // scipy 1.17.1: stats.t.cdf(-2.5, 3.7) = 0.03591101145591339, stats.t.sf(1.2, 2.3) = 0.16954985605148695
    expect(studentTCdf(-2.5, 3.7)).toBeCloseTo(0.03591101145591339, 10);
    expect(1 - studentTCdf(1.2, 2.3)).toBeCloseTo(0.16954985605148695, 10);
  });
});
