import { describe, expect, it } from 'vitest';
import { checkFindings, checkFindingsBySeed, verdict } from './findings';
import type { ResultPoint } from './results';

const r = (fields: Partial<ResultPoint> & Pick<ResultPoint, 'figure' | 'mean'>): ResultPoint => ({
  trainSplit: 'easy',
  tap: null,
  task: 'global',
  lambda: 0,
  category: 'all',
  measure: 'accuracy',
  interval: [fields.mean, fields.mean],
  n: 2,
  ...fields,
});

/** A run whose numbers either follow the paper (`agree`) or go against it. */
function results(agree: boolean, easyAccuracy = 0.9): ResultPoint[] {
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

describe('checkFindings', () => {
  it('says each finding holds when the numbers follow the paper', () => {
    expect(checkFindings(results(true)).map((f) => [f.id, f.holds])).toEqual([
      ['easy-bias', true],
      ['adversarial-debias', true],
      ['auxiliary-bias', true],
      ['local-peaks-early', true],
      ['origin-helps-hard', true],
      ['adversarial-recovers', true],
    ]);
  });

  it('says each finding fails when the numbers go against the paper, with the numbers', () => {
    const findings = checkFindings(results(false));
    expect(findings.map((f) => f.holds)).toEqual([false, false, false, false, false, false]);
    expect(findings.find((f) => f.id === 'local-peaks-early')!.detail).toBe(
      'local peaks at Mixed_7b (0.850; Mixed_7b: 0.850); global 0.800 there, 0.800 at Mixed_7b',
    );
    expect(findings.find((f) => f.id === 'adversarial-recovers')!.detail).toBe(
      'analytic baseline 0.900; lambda -1: 0.700 when frozen, 0.800 after retraining',
    );
  });

  it('gives no verdict on figures not run, or while the main network is near chance', () => {
    expect(checkFindings([]).map((f) => f.holds)).toEqual([null, null, null, null, null, null]);
    expect(checkFindings([]).map((f) => f.detail)).toEqual([
      'fig3 not run',
      'fig6 with adversarial lambdas not run',
      'fig6 with auxiliary lambdas not run',
      'fig4 not run',
      'fig5 not run',
      'fig7 not run',
    ]);
    const chance = checkFindings(results(true, 0.55));
    expect(chance.slice(0, 3).map((f) => f.holds)).toEqual([null, null, null]);
    expect(chance[0]!.detail).toMatch(/near chance \(easy accuracy 0\.550 < 0\.65\)/);
  });
});

describe('checkFindingsBySeed and verdict', () => {
  it('says a finding held on the mean but not on every seed is carried by some seeds only', () => {
    const findings = checkFindingsBySeed(results(true), [
      { seed: 0, results: results(true) },
      { seed: 1, results: results(false) },
    ]);
    expect(findings[0]!.perSeed).toEqual([
      { seed: 0, holds: true },
      { seed: 1, holds: false },
    ]);
    expect(findings.map(verdict)).toEqual(Array(6).fill('agrees on the mean only (holds on 1 of 2 seeds)'));
  });

  it('says plainly agrees, does not agree or no verdict when the seeds go with the mean', () => {
    const agreeing = checkFindingsBySeed(results(true), [
      { seed: 0, results: results(true) },
      { seed: 1, results: results(true) },
    ]);
    expect(agreeing.map(verdict)).toEqual(Array(6).fill('agrees'));
    const against = checkFindingsBySeed(results(false), [
      { seed: 0, results: results(true) },
      { seed: 1, results: results(false) },
    ]);
    expect(against.map(verdict)).toEqual(Array(6).fill('does not agree on the mean (holds on 1 of 2 seeds)'));
    expect(checkFindings(results(false)).map(verdict)).toEqual(Array(6).fill('does not agree'));
    expect(checkFindingsBySeed([], [{ seed: 0, results: [] }]).map(verdict)).toEqual(
      Array(6).fill('no verdict'),
    );
  });
});
