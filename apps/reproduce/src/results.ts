/**
 * Flattens the aggregated runs (lab's Student-t 1-sigma summaries) into the
 * records of each figure's `results.json`: one per (figure, training split,
 * tap, task, lambda, category) with mean, interval, run count and each
 * seed's value (so the verdicts' t-tests can be redone from it). Fig. 4's
 * baselines and Fig. 7's curve are told apart by `measure` (and `epoch`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvList, type PointAggregate } from '@steth/lab';
import type { FigureName, TowerPoint, TowerTask, TrainSplit } from './settings';

/** What a record measures. */
export type Measure =
  /** Test accuracy (the main network's, or a stethoscope's / probe's). */
  | 'accuracy'
  /** Fig. 4: the same probe trained on control labels (shuffled within each global-stability class). */
  | 'control'
  /** Fig. 4: always predicting the training majority class. */
  | 'chance'
  /** Fig. 7: the stethoscope's accuracy after `epoch` epochs on the frozen network. */
  | 'recovery';

/** One record of `results.json`. */
export interface ResultPoint {
  figure: FigureName;
  trainSplit: TrainSplit;
  /** End point of the stethoscope or probe; null for the main network's accuracy. */
  tap: string | null;
  /** `global` for the main network; otherwise the stethoscope's or probe's task. */
  task: TowerTask;
  /** The stethoscope's lambda (0 without one). */
  lambda: number;
  /** A-D, `easy`, `hard`, `mean` (of A-D) or `all` (every test tower). */
  category: string;
  measure: Measure;
  /** Fig. 7 only: epochs of stethoscope training on the frozen network. */
  epoch?: number;
  mean: number;
  /** Student-t 1-sigma interval, clipped to [0, 1] (every record is an accuracy); [mean, mean] for one run. */
  interval: [number, number];
  /** Runs (seeds). */
  n: number;
  /** The seed of each run. */
  seeds: number[];
  /** Each run's value, in the order of `seeds` (null in JSON for a diverged run). */
  values: number[];
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

type Summary = PointAggregate<TowerPoint>['metrics'][string];

function record(
  figure: FigureName,
  point: TowerPoint,
  fields: Pick<ResultPoint, 'tap' | 'task' | 'category' | 'measure'> & { epoch?: number },
  m: Summary,
): ResultPoint {
  return {
    figure,
    trainSplit: point.trainSplit,
    tap: fields.tap,
    task: fields.task,
    lambda: point.stethoscope?.lambda ?? 0,
    category: fields.category,
    measure: fields.measure,
    ...(fields.epoch === undefined ? {} : { epoch: fields.epoch }),
    mean: m.mean,
    interval: [Math.max(0, m.lower), Math.min(1, m.upper)],
    n: m.n,
    seeds: m.seeds ?? [],
    values: m.values,
  };
}

/** The records of `figure` from the aggregates of the points it uses. */
export function toResultPoints(
  figure: FigureName,
  aggregates: readonly PointAggregate<TowerPoint>[],
): ResultPoint[] {
  const out: ResultPoint[] = [];
  for (const a of aggregates) {
    const { point, metrics } = a;
    if (figure !== 'fig4') {
      for (const [metric, category] of Object.entries(MAIN_METRICS)) {
        const m = metrics[metric];
        if (m)
          out.push(record(figure, point, { tap: null, task: 'global', category, measure: 'accuracy' }, m));
      }
      const s = metrics.stethoscopeAccuracy;
      if (point.stethoscope && s && Number.isFinite(s.mean) && figure !== 'fig3') {
        const { tap, task } = point.stethoscope;
        out.push(record(figure, point, { tap, task, category: 'all', measure: 'accuracy' }, s));
      }
    }
    for (const [metric, m] of Object.entries(metrics)) {
      const parts = metric.split('/');
      if (figure === 'fig4' && parts.length === 3) {
        const [kind, task, tap] = parts as ['probe' | 'control', TowerTask, string];
        const measure = kind === 'probe' ? 'accuracy' : 'control';
        out.push(record(figure, point, { tap, task, category: 'all', measure }, m));
      } else if (figure === 'fig4' && parts[0] === 'chance') {
        out.push(
          record(
            figure,
            point,
            { tap: null, task: parts[1] as TowerTask, category: 'all', measure: 'chance' },
            m,
          ),
        );
      } else if (figure === 'fig7' && parts[0] === 'recovery' && point.stethoscope) {
        const { tap, task } = point.stethoscope;
        out.push(
          record(
            figure,
            point,
            { tap, task, category: 'all', measure: 'recovery', epoch: Number(parts[1]) },
            m,
          ),
        );
      }
    }
  }
  return out;
}

const CSV_COLUMNS = [
  'figure',
  'trainSplit',
  'tap',
  'task',
  'lambda',
  'category',
  'measure',
  'epoch',
  'mean',
  'lower',
  'upper',
  'n',
  'seeds',
  'values',
];

/** The records as CSV, one row each, the interval as `lower` and `upper`, seeds and values as `;`-separated lists. */
export function resultPointsCsv(points: readonly ResultPoint[]): string {
  const rows = points.map((p) =>
    [
      p.figure,
      p.trainSplit,
      p.tap ?? '',
      p.task,
      p.lambda,
      p.category,
      p.measure,
      p.epoch ?? '',
      p.mean,
      p.interval[0],
      p.interval[1],
      p.n,
      csvList(p.seeds),
      csvList(p.values),
    ].join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

/** Writes `results.json` and `results.csv` into `dir`; returns the JSON file's path. */
export function writeResultPoints(dir: string, points: readonly ResultPoint[]): string {
  const path = join(dir, 'results.json');
  writeFileSync(path, `${JSON.stringify(points, null, 2)}\n`);
  writeFileSync(join(dir, 'results.csv'), resultPointsCsv(points));
  return path;
}
