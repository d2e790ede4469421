import { noVerdict, type PointAggregate } from '@steth/lab';
import { describe, expect, it } from 'vitest';
import type { Finding } from './findings';
import type { MnistHintsPoint } from './settings';
import { figureRows, findingsOfFigure } from './sweep-report';

const summary = (mean: number, half: number) => ({
  mean,
  sd: half,
  n: 2,
  halfWidth: half,
  lower: mean - half,
  upper: mean + half,
  values: [mean - half, mean + half],
  seeds: [0, 1],
});

const aggregate = (variant: 1 | 2, qh: number, lambda: number, mean: number, half: number) =>
  ({
    pointId: `${variant}-${qh}-${lambda}`,
    point: { variant, qh, lambda } as MnistHintsPoint,
    metrics: { trueAccuracy: summary(mean, half) },
  }) satisfies PointAggregate<MnistHintsPoint>;

describe('figureRows', () => {
  it('gives one row per point of the variant, by lambda, with the band clipped to [0, 1]', () => {
    const rows = figureRows(
      [
        aggregate(1, 0.5, 1, 0.95, 0.2),
        aggregate(1, 0.5, -1, 0.1, 0.3),
        aggregate(2, 0.5, 0, 0.5, 0.1),
        aggregate(1, 1, 0, 0.7, 0.05),
      ],
      1,
      'trueAccuracy',
    );
    expect(rows.map((r) => [r.x, r.series])).toEqual([
      [-1, 'q_h = 0.5'],
      [0, 'q_h = 1.0'],
      [1, 'q_h = 0.5'],
    ]);
    expect(rows.map((r) => [r.lower, r.upper])).toEqual([
      [0, expect.closeTo(0.4, 9)],
      [expect.closeTo(0.65, 9), expect.closeTo(0.75, 9)],
      [expect.closeTo(0.75, 9), 1],
    ]);
    // each seed's value goes to the figure too
    expect(rows[1]!.values).toEqual([expect.closeTo(0.65, 9), expect.closeTo(0.75, 9)]);
    expect(figureRows([aggregate(1, 0.5, 0, 0.5, 0.1)], 1, 'hintAgreement')).toEqual([]);
  });
});

describe('findingsOfFigure', () => {
  it('puts each finding under one figure: following the hint under 9b, the rest under 9a and 10', () => {
    const finding = (id: string, variant: 1 | 2): Finding => ({
      id,
      variant,
      claim: id,
      verdict: noVerdict('made up'),
      detail: '',
    });
    const findings = [
      finding('v1-follows-hint', 1),
      finding('v1-adversarial-helps', 1),
      finding('v1-auxiliary-does-not-help', 1),
      finding('v2-moderate-helps-qh0.8', 2),
    ];
    const ids = (variant: 1 | 2, metric: string) =>
      findingsOfFigure(findings, variant, metric).map((f) => f.id);
    expect(ids(1, 'trueAccuracy')).toEqual(['v1-adversarial-helps', 'v1-auxiliary-does-not-help']);
    expect(ids(1, 'hintAgreement')).toEqual(['v1-follows-hint']);
    expect(ids(1, 'stethoscopeAccuracy')).toEqual([]);
    expect(ids(2, 'trueAccuracy')).toEqual(['v2-moderate-helps-qh0.8']);
    expect(ids(2, 'hintAgreement')).toEqual([]);
  });
});
