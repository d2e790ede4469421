import type { PointAggregate } from '@steth/lab';
import { describe, expect, it } from 'vitest';
import type { MnistHintsPoint } from './settings';
import { figureRows } from './sweep-report';

const summary = (mean: number, half: number) => ({
  mean,
  sd: half,
  n: 2,
  halfWidth: half,
  lower: mean - half,
  upper: mean + half,
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
    expect(figureRows([aggregate(1, 0.5, 0, 0.5, 0.1)], 1, 'hintAgreement')).toEqual([]);
  });
});
