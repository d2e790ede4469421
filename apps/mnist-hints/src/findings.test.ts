import { summarize, verdictLabel } from '@steth/lab';
import { describe, expect, it } from 'vitest';
import { checkFindings, type Finding } from './findings';
import type { MnistHintsPoint, RunSettings } from './settings';

const settings = {} as RunSettings;
const SEEDS = [0, 1, 2];
const agg = (variant: 1 | 2, qh: number, lambda: number, trueAcc: number[], hint: number[] = trueAcc) => ({
  pointId: `${variant}/${qh}/${lambda}`,
  point: { variant, qh, lambda, settings } as MnistHintsPoint,
  metrics: {
    trueAccuracy: summarize(trueAcc, SEEDS.slice(0, trueAcc.length)),
    hintAgreement: summarize(hint, SEEDS.slice(0, hint.length)),
  },
});
const verdicts = (findings: Finding[]) => findings.map((f) => [f.id, verdictLabel(f.verdict)]);

describe('checkFindings', () => {
  it("recognises the paper's variant-1 pattern beyond seed noise", () => {
    const findings = checkFindings([
      agg(1, 1, -1, [0.85, 0.86, 0.84]),
      agg(1, 1, 0, [0.3, 0.32, 0.31], [0.8, 0.75, 0.78]),
      // Not above lambda = 0 by 0.02: scipy ttest_ind(a - 0.02, b, equal_var=False, alternative='less')
      // gives t = -3.674, df = 4, p = 0.0107.
      agg(1, 1, 1, [0.29, 0.3, 0.31]),
    ]);
    expect(verdicts(findings)).toEqual([
      ['v1-follows-hint', 'holds'],
      ['v1-adversarial-helps', 'holds'],
      ['v1-auxiliary-does-not-help', 'holds'],
    ]);
    expect(findings[1]!.detail).toMatch(
      /^some of: \[lambda -1: holds; lambda -1 0\.850 vs lambda 0 0\.310: difference \+0\.540 \(claimed > 0\), t = \d+\.\d\d, df = \d\.\d, p = [\d.e-]+ \(two-sided\); per seed: seed 0 \+0\.550, seed 1 \+0\.540, seed 2 \+0\.530 \(3 of 3 the claimed way\)\]$/,
    );
    expect(findings[2]!.detail).toMatch(/t = -3\.67, df = 4\.0, p = 0\.011 \(one-sided, claimed way\)/);
  });

  it('says when the gain is within noise or the network does not follow the hint', () => {
    const findings = checkFindings([
      agg(1, 1, -1, [0.5, 0.7, 0.6]),
      agg(1, 1, 0, [0.6, 0.5, 0.55], [0.2, 0.2, 0.2]),
    ]);
    expect(verdicts(findings)).toEqual([
      ['v1-follows-hint', 'does not hold (significant)'],
      ['v1-adversarial-helps', 'within noise'],
    ]);
  });

  it("calls the MNIST report's variant-2 lambda = -0.3 gain (0.827 vs 0.823) within noise", () => {
    // Seed values with the report's means and 1-sigma intervals: 0.827 [0.819, 0.834] vs 0.823 [0.818, 0.828].
    // scipy 1.17.1 ttest_ind(equal_var=False): t = 0.7857, df = 3.548, p = 0.4812.
    const findings = checkFindings([
      agg(2, 0.8, -0.3, [0.8195, 0.8275, 0.834]),
      agg(2, 0.8, 0, [0.818, 0.823, 0.828]),
    ]);
    const moderate = findings.find((f) => f.id === 'v2-moderate-helps-qh0.8')!;
    expect(verdictLabel(moderate.verdict)).toBe('within noise');
    expect(moderate.detail).toMatch(
      /lambda -0\.3 0\.827 vs lambda 0 0\.823: difference \+0\.004 \(claimed > 0\), t = 0\.79, df = 3\.5, p = 0\.481 \(two-sided\); per seed: seed 0 \+0\.002, seed 1 \+0\.005, seed 2 \+0\.006 \(3 of 3 the claimed way\)/,
    );
  });

  it('checks variant 2: moderate adversarial helps, a very large one hurts, auxiliary hurts', () => {
    const findings = checkFindings([
      agg(2, 0.8, -10, [0.5, 0.52, 0.48]),
      agg(2, 0.8, -0.3, [0.8, 0.81, 0.79]),
      agg(2, 0.8, 0, [0.78, 0.77, 0.79]),
      agg(2, 0.8, 1, [0.79, 0.8, 0.78]),
    ]);
    expect(verdicts(findings)).toEqual([
      // 0.80 vs 0.78: Welch p = 0.0705 (scipy), every seed higher: not beyond noise
      ['v2-moderate-helps-qh0.8', 'within noise'],
      ['v2-auxiliary-hurts-qh0.8-lambda1', 'does not hold (not significant)'],
      ['v2-large-hurts-qh0.8-lambda-10', 'holds'],
    ]);
  });

  it('gives no verdict with one seed a point', () => {
    const findings = checkFindings([agg(2, 0.8, -0.3, [0.9]), agg(2, 0.8, 0, [0.5])]);
    expect(verdicts(findings)).toEqual([['v2-moderate-helps-qh0.8', 'no verdict']]);
    expect(findings[0]!.detail).toMatch(/too few seeds to estimate seed noise/);
  });
});
