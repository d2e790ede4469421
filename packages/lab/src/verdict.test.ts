import { describe, expect, it } from 'vitest';
import {
  allOf,
  describeVerdict,
  finding,
  findingLine,
  judge,
  noVerdict,
  someOf,
  verdictLabel,
} from './verdict';

const seeds = [0, 1, 2];

describe('judge', () => {
  it('holds when Welch p < 0.05 and every seed goes the claimed way', () => {
    // Welch: t = 33.69, df = 2.62, p = 1.6e-4 (scipy, see welch-t-test.test.ts)
    const v = judge({
      a: { label: 'lambda -1', values: [0.85, 0.86, 0.84], seeds },
      b: { label: 'lambda 0', values: [0.3, 0.35, 0.32], seeds },
      direction: 'greater',
    });
    expect(v.kind).toBe('holds');
    expect(v.comparison!.p).toBeCloseTo(0.00015910815881539007, 10);
    expect(v.comparison!.paired).toBe(true);
    expect(describeVerdict(v)).toBe(
      'lambda -1 0.850 vs lambda 0 0.323: difference +0.527 (claimed > 0), t = 33.69, df = 2.6, p = 1.6e-4 (two-sided); per seed: seed 0 +0.550, seed 1 +0.510, seed 2 +0.520 (3 of 3 the claimed way)',
    );
  });

  it("calls a difference of means that does not beat seed noise 'within noise', even if every seed agrees", () => {
    // Like the MNIST report's variant 2 at lambda = -0.3: 0.827 vs 0.823, intervals overlapping.
    const v = judge({
      a: { label: 'lambda -0.3', values: [0.819, 0.828, 0.834], seeds },
      b: { label: 'lambda 0', values: [0.818, 0.823, 0.828], seeds },
      direction: 'greater',
    });
    expect(v.kind).toBe('within noise');
    expect(v.comparison!.perSeed.map((s) => s.claimedWay)).toEqual([true, true, true]);
    expect(v.comparison!.p!).toBeGreaterThan(0.3);
    expect(verdictLabel(v)).toBe('within noise');
  });

  it("is 'within noise' when significant on the mean but a seed goes the other way (paired by seed)", () => {
    // Seed order differs between the samples: the pairing is by seed, not by position.
    const v = judge({
      a: { label: 'a', values: [0.9, 0.91, 0.6, 0.92, 0.9], seeds: [0, 1, 2, 3, 4] },
      b: { label: 'b', values: [0.62, 0.6, 0.61, 0.59, 0.6], seeds: [2, 0, 1, 3, 4] },
      direction: 'greater',
    });
    expect(v.comparison!.paired).toBe(true);
    expect(v.comparison!.perSeed.map((s) => [s.seed, Number(s.difference.toFixed(3))])).toEqual([
      [0, 0.3],
      [1, 0.3],
      [2, -0.02],
      [3, 0.33],
      [4, 0.3],
    ]);
    expect(v.comparison!.p!).toBeLessThan(0.05);
    expect(v.kind).toBe('within noise');
  });

  it('does not hold when the mean goes the other way, and says whether that is significant', () => {
    const against = judge({
      a: { label: 'lambda 1', values: [0.3, 0.35, 0.32], seeds },
      b: { label: 'lambda 0', values: [0.85, 0.86, 0.84], seeds },
      direction: 'greater',
    });
    expect([against.kind, against.significant, verdictLabel(against)]).toEqual([
      'does not hold',
      true,
      'does not hold (significant)',
    ]);
    const weak = judge({
      a: { label: 'lambda 1', values: [0.78, 0.77, 0.79], seeds },
      b: { label: 'lambda 0', values: [0.8, 0.81, 0.79], seeds },
      direction: 'greater',
    });
    // Welch p = 0.0705 (scipy): not significant.
    expect(verdictLabel(weak)).toBe('does not hold (not significant)');
  });

  it('checks a threshold one-sided: easy accuracy at least 0.90', () => {
    const above = judge({
      a: { label: 'easy', values: [0.95, 0.96, 0.94], seeds },
      b: { label: 'threshold', value: 0.9 },
      direction: 'greater',
    });
    expect(above.kind).toBe('holds');
    expect(above.comparison!.sides).toBe('one-sided');
    expect(above.comparison!.test.kind).toBe('one-sample');
    // scipy: ttest_1samp([0.91, 0.93, 0.95], 0.9, alternative='greater') p = 0.0608: not beyond noise
    const near = judge({
      a: { label: 'easy', values: [0.91, 0.93, 0.95], seeds },
      b: { label: 'threshold', value: 0.9 },
      direction: 'greater',
    });
    expect(near.kind).toBe('within noise');
    expect(near.comparison!.p).toBeCloseTo(0.06084496717315979, 9);
    expect(describeVerdict(near)).toMatch(
      /^easy 0\.930 vs threshold 0\.900: difference \+0\.030 \(claimed > 0\), t = 2\.60, df = 2\.0, p = 0\.061 \(one-sided, claimed way\); per seed \(against threshold\): seed 0 \+0\.010/,
    );
  });

  it('checks a difference against a margin one-sided: hard below easy by at least 0.15', () => {
    // scipy: ttest_ind(a - 0.15, b, equal_var=False, alternative='greater') p = 0.1138
    const v = judge({
      a: { label: 'easy', values: [0.9, 0.92, 0.88], seeds },
      b: { label: 'hard', values: [0.7, 0.72, 0.75], seeds },
      direction: 'greater',
      margin: 0.15,
    });
    expect(v.comparison!.p).toBeCloseTo(0.11379484185709902, 9);
    expect(v.comparison!.perSeed.map((s) => s.claimedWay)).toEqual([true, true, false]);
    expect(v.kind).toBe('within noise');
    expect(describeVerdict(v)).toContain('(claimed > +0.150)');
    // The margin counts: a gap of 0.1 with little noise is significantly short of 0.15.
    const short = judge({
      a: { label: 'easy', values: [0.9, 0.91, 0.89], seeds },
      b: { label: 'hard', values: [0.8, 0.81, 0.79], seeds },
      direction: 'greater',
      margin: 0.15,
    });
    expect(verdictLabel(short)).toBe('does not hold (significant)');
  });

  it('compares each value with the other mean when the seeds do not pair', () => {
    const v = judge({
      a: { label: 'x', values: [0.7, 0.8], seeds: [0, 1] },
      b: { label: 'y', values: [0.5, 0.6, 0.7], seeds: [0, 1, 2] },
      direction: 'greater',
    });
    expect(v.comparison!.paired).toBe(false);
    expect(v.comparison!.perSeed.map((s) => [s.seed, Number(s.difference.toFixed(3))])).toEqual([
      [0, 0.1],
      [1, 0.2],
    ]);
    expect(describeVerdict(v)).toMatch(
      /; per seed \(against the mean of y\): seed 0 \+0\.100, seed 1 \+0\.200 \(2 of 2/,
    );
  });

  it('gives no verdict, with the reason, when seed noise cannot be estimated', () => {
    const one = judge({
      a: { label: 'a', values: [0.9], seeds: [0] },
      b: { label: 'b', values: [0.6], seeds: [0] },
      direction: 'greater',
    });
    expect(one.kind).toBe('no verdict');
    expect(one.reason).toMatch(/too few seeds/);
    expect(describeVerdict(one)).toBe(
      'a 0.900 vs b 0.600: difference +0.300 (claimed > 0), not testable: too few seeds to estimate seed noise (1 and 1; at least 2 each needed); per seed: seed 0 +0.300 (1 of 1 the claimed way)',
    );
    const flat = judge({
      a: { label: 'a', values: [1, 1], seeds: [0, 1] },
      b: { label: 'b', values: [0.5, 0.5], seeds: [0, 1] },
      direction: 'greater',
    });
    expect(flat.kind).toBe('no verdict');
  });
});

describe('combining verdicts', () => {
  const holds = judge({
    a: { label: 'x', values: [0.85, 0.86, 0.84], seeds },
    b: { label: 'y', values: [0.3, 0.35, 0.32], seeds },
    direction: 'greater',
  });
  const noise = judge({
    a: { label: 'x', values: [0.819, 0.828, 0.834], seeds },
    b: { label: 'y', values: [0.818, 0.823, 0.828], seeds },
    direction: 'greater',
  });
  const fails = judge({
    a: { label: 'x', values: [0.3, 0.35, 0.32], seeds },
    b: { label: 'y', values: [0.85, 0.86, 0.84], seeds },
    direction: 'greater',
  });
  const none = noVerdict('not run');
  const parts = (...vs: (typeof holds)[]) => vs.map((verdict, i) => ({ label: `part ${i}`, verdict }));

  it('all of: every part must hold; a failing part decides', () => {
    expect(allOf(parts(holds, holds)).kind).toBe('holds');
    expect(allOf(parts(holds, noise)).kind).toBe('within noise');
    expect(allOf(parts(holds, none)).kind).toBe('no verdict');
    expect(verdictLabel(allOf(parts(none, fails, holds)))).toBe('does not hold (significant)');
    expect(allOf([]).kind).toBe('no verdict');
  });

  it('some of: one part holding is enough', () => {
    expect(someOf(parts(fails, holds)).kind).toBe('holds');
    expect(someOf(parts(fails, noise)).kind).toBe('within noise');
    expect(someOf(parts(fails, none)).kind).toBe('no verdict');
    expect(verdictLabel(someOf(parts(fails, fails)))).toBe('does not hold (significant)');
  });

  it('writes every part into the line, and a withheld verdict keeps its numbers', () => {
    const f = finding('x', 'The claim.', someOf(parts(fails, holds)));
    expect(findingLine(f)).toMatch(
      /^holds: The claim\. some of: \[part 0: does not hold \(significant\); x 0\.323 vs y 0\.850: .*\] \[part 1: holds; x 0\.850 vs y 0\.323: /,
    );
    const withheld = noVerdict('the network is near chance', holds);
    expect(withheld.kind).toBe('no verdict');
    expect(describeVerdict(withheld)).toMatch(
      /^x 0\.850 vs y 0\.323: .*; no verdict: the network is near chance$/,
    );
  });
});
