/**
 * Flattens a figure's aggregates (lab's Student-t 1-sigma summaries) into
 * the records of its `results.json`: one per (figure, training split, tap,
 * task, lambda, category) with mean, interval and run count.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PointAggregate } from '@steth/lab';
import type { FigureName, TowerPoint, TrainSplit } from './settings';

/** One record of `results.json`. */
export interface ResultPoint {
  figure: FigureName;
  trainSplit: TrainSplit;
  /** Stethoscope end point; null for the main network's accuracy. */
  tap: string | null;
  /** `global` (main network) or the stethoscope's task. */
  task: 'global' | 'local';
  lambda: number;
  /** A-D, `easy`, `hard`, `mean` (of A-D) or `all` (stethoscope over every test tower). */
  category: string;
  mean: number;
  /** Student-t 1-sigma interval; [mean, mean] for one run. */
  interval: [number, number];
  /** Runs (seeds). */
  n: number;
}

const MAIN_METRICS: Record<string, string> = {
  accuracyA: 'A',
  accuracyB: 'B',
  accuracyC: 'C',
  accuracyD: 'D',
  accuracyEasy: 'easy',
  accuracyHard: 'hard',
  accuracyMean: 'mean',
};

/** The records of one figure's aggregates. */
export function toResultPoints(aggregates: readonly PointAggregate<TowerPoint>[]): ResultPoint[] {
  const out: ResultPoint[] = [];
  for (const a of aggregates) {
    const { figure, trainSplit, tap, task, lambda } = a.point;
    for (const [metric, category] of Object.entries(MAIN_METRICS)) {
      const m = a.metrics[metric];
      if (!m) continue;
      out.push({
        figure,
        trainSplit,
        tap: null,
        task: 'global',
        lambda,
        category,
        mean: m.mean,
        interval: [m.lower, m.upper],
        n: m.n,
      });
    }
    const s = a.metrics.stethoscopeAccuracy;
    if (task && s && Number.isFinite(s.mean)) {
      out.push({
        figure,
        trainSplit,
        tap,
        task,
        lambda,
        category: 'all',
        mean: s.mean,
        interval: [s.lower, s.upper],
        n: s.n,
      });
    }
  }
  return out;
}

/** Writes `results.json` into `dir`; returns its path. */
export function writeResultPoints(dir: string, points: readonly ResultPoint[]): string {
  const path = join(dir, 'results.json');
  writeFileSync(path, `${JSON.stringify(points, null, 2)}\n`);
  return path;
}
