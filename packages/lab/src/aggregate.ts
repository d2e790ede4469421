/**
 * Aggregates repeated runs of a sweep point: mean, sample standard deviation
 * and the Student-t 1-sigma interval `mean +- t_{Phi(1), n-1} * s / sqrt(n)`
 * the paper draws as shaded areas in Figs. 9 and 10. Each seed's value is
 * kept beside the summary, so the verdicts (Welch's t-test over seeds) and
 * anyone reading `results.json` can redo the test.
 */
import type { RunRecord } from './run-log';
import { ONE_SIGMA_LEVEL, studentTQuantile } from './student-t';

/** One metric of one sweep point over its runs. */
export interface MetricSummary {
  /** Mean over runs. */
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); null for one run. */
  sd: number | null;
  /** Number of runs. */
  n: number;
  /** Half width of the 1-sigma Student-t interval; null for one run. */
  halfWidth: number | null;
  /** mean - halfWidth (the mean for one run). */
  lower: number;
  /** mean + halfWidth (the mean for one run). */
  upper: number;
  /** Each run's value, in run order. */
  values: number[];
  /** The seed of each value, in the same order; absent when summarised without seeds. */
  seeds?: number[];
}

/** All metrics of one sweep point. */
export interface PointAggregate<P> {
  /** The point's id. */
  pointId: string;
  /** The point's configuration. */
  point: P;
  /** Per metric name. */
  metrics: Record<string, MetricSummary>;
}

/**
 * Summarises values of one metric, keeping them (and their `seeds`, when given, one per value).
 * Non-finite values (a diverged run) are kept and make the mean NaN.
 */
export function summarize(
  values: readonly number[],
  seeds?: readonly number[],
  level = ONE_SIGMA_LEVEL,
): MetricSummary {
  const n = values.length;
  if (n === 0) throw new RangeError('summarize: no values');
  if (seeds && seeds.length !== n) {
    throw new RangeError(`summarize: ${seeds.length} seeds for ${n} values; give one seed per value`);
  }
  const kept = { values: [...values], ...(seeds ? { seeds: [...seeds] } : {}) };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: null, n, halfWidth: null, lower: mean, upper: mean, ...kept };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  const halfWidth = (studentTQuantile(level, n - 1) * sd) / Math.sqrt(n);
  return { mean, sd, n, halfWidth, lower: mean - halfWidth, upper: mean + halfWidth, ...kept };
}

/** Groups runs by point (in first-seen order of `points`) and summarises every metric over its runs in seed order. */
export function aggregateRuns<P>(
  runs: readonly RunRecord<P>[],
  points?: readonly { id: string; point: P }[],
): PointAggregate<P>[] {
  const groups = new Map<string, { point: P; runs: RunRecord<P>[] }>();
  for (const p of points ?? []) groups.set(p.id, { point: p.point, runs: [] });
  for (const run of runs) {
    const group = groups.get(run.pointId) ?? { point: run.point, runs: [] };
    group.runs.push(run);
    groups.set(run.pointId, group);
  }
  const out: PointAggregate<P>[] = [];
  for (const [pointId, group] of groups) {
    if (group.runs.length === 0) continue;
    // Seed order, not arrival order: floating-point sums depend on the order, and runs arrive in
    // whatever order the worker processes (or machines) finish them.
    group.runs.sort((a, b) => a.seed - b.seed);
    const names = [...new Set(group.runs.flatMap((r) => Object.keys(r.metrics)))];
    const metrics: Record<string, MetricSummary> = {};
    for (const name of names) {
      const measured = group.runs.filter((r) => typeof r.metrics[name] === 'number');
      if (measured.length > 0) {
        metrics[name] = summarize(
          measured.map((r) => r.metrics[name]!),
          measured.map((r) => r.seed),
        );
      }
    }
    out.push({ pointId, point: group.point, metrics });
  }
  return out;
}
