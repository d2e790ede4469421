import { verdictLabel } from '@steth/lab';
import { describe, expect, it } from 'vitest';
import { checkFindings, type Finding } from './findings';

const verdict = (f: Finding) => verdictLabel(f.verdict);

import type { ResultPoint } from './results';

const SEEDS = [0, 1, 2];
/** Seed noise of the made-up records: the same offsets on every point, so seeds pair cleanly. */
const JITTER = [-0.01, 0, 0.01];

const r = (
  fields: Partial<ResultPoint> & Pick<ResultPoint, 'figure' | 'mean'>,
  values = JITTER.map((d) => fields.mean + d),
): ResultPoint => ({
  trainSplit: 'easy',
  tap: null,
  task: 'global',
  lambda: 0,
  category: 'all',
  measure: 'accuracy',
  ...fields,
  interval: [Math.min(...values), Math.max(...values)],
  n: values.length,
  seeds: SEEDS.slice(0, values.length),
  values,
});

/** A run whose numbers either follow the paper (`agree`) or go against it, on three seeds. */
function results(agree: boolean, easyAccuracy = agree ? 0.95 : 0.85): ResultPoint[] {
  const out: ResultPoint[] = [];
  // Fig. 3b
  out.push(r({ figure: 'fig3', category: 'easy', mean: easyAccuracy }));
  out.push(r({ figure: 'fig3', category: 'hard', mean: agree ? 0.6 : 0.85 }));
  // Fig. 6: hard and stethoscope accuracy per lambda
  const fig6: [number, number, number][] = agree
    ? [
        [-3, 0.72, 0.6],
        [-1, 0.7, 0.7],
        [0, 0.6, 0.9],
        [1, 0.5, 0.95],
      ]
    : [
        [-3, 0.55, 0.6],
        [-1, 0.62, 0.95],
        [0, 0.6, 0.9],
        [1, 0.65, 0.95],
      ];
  for (const [lambda, hard, steth] of fig6) {
    out.push(r({ figure: 'fig6', lambda, category: 'easy', mean: easyAccuracy }));
    out.push(r({ figure: 'fig6', lambda, category: 'hard', mean: hard }));
    out.push(r({ figure: 'fig6', lambda, tap: 'Mixed_7a', task: 'local', mean: steth }));
  }
  // Fig. 4: probe accuracy by end point
  const taps = ['Mixed_5b', 'Mixed_6a', 'Mixed_7a', 'Mixed_7b'];
  const local = agree ? [0.7, 0.8, 0.85, 0.8] : [0.7, 0.75, 0.8, 0.85];
  const global = agree ? [0.6, 0.7, 0.8, 0.85] : [0.6, 0.8, 0.85, 0.8];
  taps.forEach((tap, i) => {
    out.push(r({ figure: 'fig4', trainSplit: 'all', tap, task: 'local', mean: local[i]! }));
    out.push(r({ figure: 'fig4', trainSplit: 'all', tap, task: 'global', mean: global[i]! }));
    out.push(r({ figure: 'fig4', trainSplit: 'all', tap, task: 'local', measure: 'control', mean: 0.5 }));
  });
  // Fig. 5: mean accuracy per lambda, trained on hard
  for (const [lambda, mean] of [
    [0, 0.55],
    [1, agree ? 0.62 : 0.5],
    [8, 0.52],
  ] as const) {
    out.push(r({ figure: 'fig5', trainSplit: 'hard', lambda, category: 'mean', mean }));
    out.push(r({ figure: 'fig5', trainSplit: 'hard', lambda, category: 'easy', mean: easyAccuracy }));
  }
  // Fig. 7: recovery after lambda = -1, against the analytic baseline 0.9
  out.push(r({ figure: 'fig7', tap: 'Mixed_7a', task: 'local', mean: 0.9 }));
  for (const [epoch, mean] of [0.7, 0.8, agree ? 0.88 : 0.8].entries()) {
    out.push(
      r({ figure: 'fig7', lambda: -1, tap: 'Mixed_7a', task: 'local', measure: 'recovery', epoch, mean }),
    );
  }
  return out;
}

const verdicts = (findings: Finding[]) => findings.map((f) => [f.id, verdict(f)]);

describe('checkFindings', () => {
  it('says each finding holds when the numbers follow the paper beyond seed noise', () => {
    expect(verdicts(checkFindings(results(true)))).toEqual([
      ['easy-learned', 'holds'],
      ['easy-bias', 'holds'],
      ['adversarial-debias', 'holds'],
      ['auxiliary-bias', 'holds'],
      ['local-peaks-early', 'holds'],
      ['origin-helps-hard', 'holds'],
      ['adversarial-recovers', 'holds'],
    ]);
  });

  it('says each finding does not hold when the numbers go against the paper, with the numbers', () => {
    const findings = checkFindings(results(false));
    expect(verdicts(findings)).toEqual([
      ['easy-learned', 'does not hold (significant)'],
      ['easy-bias', 'does not hold (significant)'],
      ['adversarial-debias', 'does not hold (significant)'],
      ['auxiliary-bias', 'does not hold (significant)'],
      ['local-peaks-early', 'does not hold (significant)'],
      ['origin-helps-hard', 'does not hold (significant)'],
      ['adversarial-recovers', 'does not hold (significant)'],
    ]);
    // Welch: 0.65 vs 0.60 with sd 0.01 a side: t = 6.12, df = 4, two-sided p = 0.0036.
    expect(findings.find((f) => f.id === 'auxiliary-bias')!.detail).toBe(
      'hard at 1 0.650 vs at 0 0.600: difference +0.050 (claimed < 0), t = 6.12, df = 4.0, p = 0.004 (two-sided); per seed: seed 0 +0.050, seed 1 +0.050, seed 2 +0.050 (0 of 3 the claimed way)',
    );
    expect(findings.find((f) => f.id === 'local-peaks-early')!.detail).toMatch(
      /^all of: \[local peaks early: does not hold \(significant\); local at Mixed_7a 0\.800 vs at Mixed_7b 0\.850: /,
    );
    expect(findings.find((f) => f.id === 'adversarial-recovers')!.detail).toMatch(
      /^all of: \[lambda -1 \(0\.700 when frozen\): does not hold \(significant\); after 2 epochs 0\.800 vs baseline 0\.900: difference -0\.100 \(claimed > -0\.050\), t = -6\.12, df = 4\.0, p = /,
    );
  });

  it("calls a gain that does not beat seed noise 'within noise', and one a seed contradicts too", () => {
    const noisy = results(true).map((p) =>
      p.figure === 'fig5' && p.lambda === 1 && p.category === 'mean' ? r({ ...p, mean: 0.565 }) : p,
    );
    // 0.565 vs 0.55 with sd 0.01 a side: t = 1.84, p = 0.14.
    expect(verdict(checkFindings(noisy).find((f) => f.id === 'origin-helps-hard')!)).toBe('within noise');
    // Significant on the mean, but seed 2 goes the other way (paired by seed).
    const split = results(true).map((p) =>
      p.figure === 'fig6' && p.lambda === 1 && p.category === 'hard' ? r(p, [0.5, 0.5, 0.61]) : p,
    );
    const f = checkFindings(split).find((x) => x.id === 'auxiliary-bias')!;
    expect(verdict(f)).toBe('within noise');
    expect(f.verdict.comparison!.perSeed.map((s) => s.claimedWay)).toEqual([true, true, false]);
  });

  it('gives no verdict on figures not run, on one seed, or while the main network is near chance', () => {
    expect(checkFindings([]).map(verdict)).toEqual(Array(7).fill('no verdict'));
    expect(checkFindings([]).map((f) => f.detail)).toEqual([
      'no verdict: fig3 not run',
      'no verdict: fig3 not run',
      'no verdict: fig6 with adversarial lambdas not run',
      'no verdict: fig6 with auxiliary lambdas not run',
      'no verdict: fig4 not run',
      'no verdict: fig5 not run',
      'no verdict: fig7 not run',
    ]);
    const oneSeed = results(true).map((p) => r(p, [p.mean]));
    const single = checkFindings(oneSeed);
    expect(single.map(verdict)).toEqual(Array(7).fill('no verdict'));
    expect(single[1]!.detail).toMatch(/not testable: too few seeds to estimate seed noise \(1 and 1;/);
    const chance = checkFindings(results(true, 0.55));
    expect(chance.slice(1, 4).map(verdict)).toEqual(['no verdict', 'no verdict', 'no verdict']);
    // The numbers stay in the line, followed by why they do not count.
    expect(chance[1]!.detail).toMatch(
      /^easy 0\.550 vs hard 0\.600: .*; no verdict: the main network is near chance \(easy accuracy 0\.550 < 0\.65\)/,
    );
  });
});
