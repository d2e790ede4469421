/**
 * Machine-readable outputs of a sweep: the aggregates as CSV (one row per
 * point and metric) and as `results.json` (one record per sweep point with
 * its configuration and, per metric, the mean, the 1-sigma interval, the
 * run count and each seed's value, so anyone can redo the verdicts' tests).
 */
import { join } from 'node:path';
import { writeFileAtomicSync } from '@steth/atomic-file';
import type { PointAggregate } from './aggregate';

/** One record of `results.json`. */
export interface ResultRecord<P> {
  /** Sweep point id. */
  id: string;
  /** The point's configuration. */
  config: P;
  /** Per metric: mean, Student-t 1-sigma interval [lower, upper], run count n, and each seed's value. */
  metrics: Record<
    string,
    {
      mean: number;
      interval: [number, number];
      halfWidth: number | null;
      n: number;
      /** The seed of each value (absent when the runs came without seeds). */
      seeds?: number[];
      /** Each run's value, in the order of `seeds`. */
      values: number[];
    }
  >;
}

/** A list as one CSV cell: values joined by `;` (e.g. `0;1;2`). */
export const csvList = (values: readonly number[] | undefined) => (values ?? []).join(';');

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Writes `aggregates.csv`; returns its path. Point fields become leading columns. */
export function writeAggregatesCsv<P extends object>(
  outDir: string,
  aggregates: readonly PointAggregate<P>[],
): string {
  const fields = [...new Set(aggregates.flatMap((a) => Object.keys(a.point)))];
  const header = [
    'point',
    ...fields,
    'metric',
    'mean',
    'sd',
    'n',
    'half_width',
    'lower',
    'upper',
    'seeds',
    'values',
  ];
  const lines = [header.join(',')];
  for (const a of aggregates) {
    for (const [metric, m] of Object.entries(a.metrics)) {
      const values = [a.pointId, ...fields.map((f) => (a.point as Record<string, unknown>)[f]), metric];
      const row = [
        ...values,
        m.mean,
        m.sd,
        m.n,
        m.halfWidth,
        m.lower,
        m.upper,
        csvList(m.seeds),
        csvList(m.values),
      ];
      lines.push(row.map(csvCell).join(','));
    }
  }
  const path = join(outDir, 'aggregates.csv');
  writeFileAtomicSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Builds the `results.json` records. */
export function toResultRecords<P>(aggregates: readonly PointAggregate<P>[]): ResultRecord<P>[] {
  return aggregates.map((a) => ({
    id: a.pointId,
    config: a.point,
    metrics: Object.fromEntries(
      Object.entries(a.metrics).map(([name, m]) => [
        name,
        {
          mean: m.mean,
          interval: [m.lower, m.upper] as [number, number],
          halfWidth: m.halfWidth,
          n: m.n,
          ...(m.seeds ? { seeds: m.seeds } : {}),
          values: m.values,
        },
      ]),
    ),
  }));
}

/** Writes `results.json`; returns its path. */
export function writeResultsJson<P>(outDir: string, aggregates: readonly PointAggregate<P>[]): string {
  const path = join(outDir, 'results.json');
  writeFileAtomicSync(path, `${JSON.stringify(toResultRecords(aggregates), null, 2)}\n`);
  return path;
}
