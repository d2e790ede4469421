import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verdictLabel } from '@steth/lab';
import { describe, expect, it } from 'vitest';
import { agreesWithPaper, figureReport } from './figure-reports';
import type { ResultPoint } from './results';

const record = (fields: Partial<ResultPoint> & Pick<ResultPoint, 'figure' | 'values'>): ResultPoint => {
  const mean = fields.values.reduce((a, b) => a + b, 0) / fields.values.length;
  return {
    trainSplit: 'easy',
    tap: null,
    task: 'global',
    lambda: 0,
    category: 'mean',
    measure: 'accuracy',
    mean,
    interval: [mean - 0.01, mean + 0.01],
    n: fields.values.length,
    seeds: fields.values.map((_, i) => i),
    ...fields,
  };
};

/** Symbol marks per mark group of a vega SVG (one path per point). */
const symbolCounts = (svg: string) =>
  (svg.match(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/gs) ?? []).map(
    (g) => (g.match(/<path /g) ?? []).length,
  );

describe('agreesWithPaper', () => {
  it('holds only when the mean is within 0.05 of the paper beyond seed noise (two one-sided tests)', () => {
    const close = agreesWithPaper(record({ figure: 'fig3', values: [0.81, 0.82, 0.83] }), 0.82);
    expect(verdictLabel(close)).toBe('holds');
    // Within 0.05 on the mean (0.79 vs 0.82), but too noisy to tell.
    const noisy = agreesWithPaper(record({ figure: 'fig3', values: [0.7, 0.8, 0.87] }), 0.82);
    expect(verdictLabel(noisy)).toBe('within noise');
    const far = agreesWithPaper(record({ figure: 'fig3', values: [0.66, 0.67, 0.68] }), 0.82);
    expect(verdictLabel(far)).toBe('does not hold (significant)');
    expect(verdictLabel(agreesWithPaper(record({ figure: 'fig3', values: [0.82] }), 0.82))).toBe(
      'no verdict',
    );
  });
});

describe('figureReport', () => {
  it("draws each seed's value in Figs. 3, 4 and 6 and states Fig. 3's agreement with the paper", async () => {
    const dir = process.env.KEEP_FIGURES ?? mkdtempSync(join(tmpdir(), 'steth-figures-'));
    const fig3: ResultPoint[] = (['all', 'easy', 'hard'] as const).flatMap((trainSplit, s) =>
      ['A', 'B', 'C', 'D', 'mean'].map((category, c) =>
        record({
          figure: 'fig3',
          trainSplit,
          category,
          values: [0.6, 0.62, 0.65].map((v) => v + 0.05 * s + 0.02 * c),
        }),
      ),
    );
    const part3 = await figureReport('fig3', dir, fig3);
    expect(part3.figure.observed).toMatch(
      /trained on easy: 0\.753 vs the paper's 0\.82, does not hold \(not significant\) \(all of: \[above 0\.82 - 0\.05: does not hold \(not significant\); ours 0\.753 vs the paper 0\.820: difference -0\.067 \(claimed > -0\.050\), t = -1\.15, df = 2\.0, p = 0\.185 \(one-sided, other way\)/,
    );
    // one facet per training split: 5 bars x 3 seeds each
    expect(symbolCounts(readFileSync(join(dir, part3.figure.svg.replace('fig3/', '')), 'utf8'))).toEqual([
      15, 15, 15,
    ]);

    const fig4: ResultPoint[] = ['Mixed_5b', 'Mixed_6a', 'Mixed_7a'].flatMap((tap, i) =>
      (['global', 'local'] as const).flatMap((task) =>
        (['accuracy', 'control'] as const).map((measure) =>
          record({
            figure: 'fig4',
            trainSplit: 'all',
            tap,
            task,
            measure,
            category: 'all',
            values: [0.6, 0.65].map((v) => v + (measure === 'accuracy' ? 0.1 * i : 0)),
          }),
        ),
      ),
    );
    const part4 = await figureReport('fig4', dir, fig4);
    // 3 taps x 2 tasks x 2 probes x 2 seeds
    expect(symbolCounts(readFileSync(join(dir, part4.figure.svg.replace('fig4/', '')), 'utf8'))).toEqual([
      24,
    ]);

    const fig6: ResultPoint[] = [-1, -0.3, 0, 1].flatMap((lambda, i) => [
      record({ figure: 'fig6', lambda, category: 'easy', values: [0.9, 0.92, 0.94] }),
      record({
        figure: 'fig6',
        lambda,
        category: 'hard',
        values: [0.6, 0.62, 0.66].map((v) => v - 0.03 * i),
      }),
      record({
        figure: 'fig6',
        lambda,
        tap: 'Mixed_7a',
        task: 'local',
        category: 'all',
        values: [0.5, 0.55, 0.6],
      }),
    ]);
    const part6 = await figureReport('fig6', dir, fig6);
    // 4 lambdas x 3 series: 12 means on the line and 36 seed points
    expect(symbolCounts(readFileSync(join(dir, part6.figure.svg.replace('fig6/', '')), 'utf8'))).toEqual([
      12, 36,
    ]);
  });
});
