/**
 * The report's part for each tower figure (paper Figs. 3 to 7): a chart
 * (vega-lite, written as SVG and PNG, each seed's value drawn beside the
 * mean and interval), a table of our numbers, and the paper's statement
 * beside them. Fig. 3's agreement with the paper's means is an equivalence
 * test over seeds in @steth/lab's verdict vocabulary.
 */
import {
  allOf,
  describeVerdict,
  judge,
  lineFigureSpec,
  type ReportFigure,
  type ReportTable,
  SEED_POINT_MARK,
  seedRows,
  type Verdict,
  verdictLabel,
  writeFigure,
} from '@steth/lab';
import { PAPER_FIG3, PAPER_FIG3_MEANS, PAPER_FIG4, PAPER_FIG5, PAPER_FIG6, PAPER_FIG7 } from './paper-text';
import type { ResultPoint } from './results';
import type { FigureName, TrainSplit } from './settings';

/** How close a Fig. 3 mean must be to the paper's to count as agreeing. */
export const FIG3_AGREEMENT = 0.05;

/** One figure's part of the report. */
export interface FigureReport {
  figure: ReportFigure;
  table: ReportTable;
}

type Spec = Parameters<typeof writeFigure>[2];

const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
const pick = (results: readonly ResultPoint[], where: Partial<ResultPoint>) =>
  results.find((r) =>
    Object.entries(where).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v),
  );
const mainAt = (results: readonly ResultPoint[], where: Partial<ResultPoint>) =>
  pick(results, { task: 'global', measure: 'accuracy', ...where })?.mean;
const band = (r: ResultPoint) => ({
  mean: r.mean,
  lower: r.interval[0],
  upper: r.interval[1],
  values: r.values,
});

/**
 * Whether a record's mean agrees with the paper's number to within {@link FIG3_AGREEMENT}: both
 * one-sided tests of the two one-sided tests (TOST) must hold, the mean above paper - 0.05 and
 * below paper + 0.05 beyond seed noise.
 */
export function agreesWithPaper(record: ResultPoint, paper: number): Verdict {
  const ours = { label: 'ours', values: record.values, seeds: record.seeds };
  const theirs = { label: 'the paper', value: paper };
  return allOf([
    {
      label: `above ${paper} - ${FIG3_AGREEMENT}`,
      verdict: judge({ a: ours, b: theirs, direction: 'greater', margin: -FIG3_AGREEMENT }),
    },
    {
      label: `below ${paper} + ${FIG3_AGREEMENT}`,
      verdict: judge({ a: ours, b: theirs, direction: 'less', margin: FIG3_AGREEMENT }),
    },
  ]);
}

async function fig3(dir: string, results: ResultPoint[]): Promise<FigureReport> {
  const categories = ['A', 'B', 'C', 'D', 'mean'];
  const bars = results
    .filter((r) => categories.includes(r.category) && r.task === 'global')
    .map((r) => ({ split: `trained on ${r.trainSplit}`, category: r.category, ...band(r) }));
  // One data set for every layer, so the facets split the seeds' rows too; each layer skips the
  // rows whose field it plots is missing (vega-lite filters null values out of a continuous axis).
  const data = [
    ...bars.map(({ values: _, ...bar }) => bar),
    ...seedRows(bars).map(({ split, category, value }) => ({ split, category, value })),
  ];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Fig. 3: global-stability accuracy per test category',
    background: 'white',
    data: { values: data },
    width: 120,
    height: 220,
    facet: { column: { field: 'split', type: 'nominal', title: null } },
    spec: {
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'category', type: 'nominal', title: 'test category' },
            y: { field: 'mean', type: 'quantitative', title: 'accuracy', scale: { domain: [0, 1] } },
            color: { field: 'category', type: 'nominal', legend: null },
          },
        },
        {
          mark: { type: 'rule', clip: true },
          encoding: {
            x: { field: 'category', type: 'nominal' },
            y: { field: 'lower', type: 'quantitative' },
            y2: { field: 'upper' },
          },
        },
        {
          mark: { ...SEED_POINT_MARK, color: 'black' },
          encoding: {
            x: { field: 'category', type: 'nominal' },
            y: { field: 'value', type: 'quantitative' },
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 3], color: 'black' }, encoding: { y: { datum: 0.5 } } },
      ],
    },
  } as unknown as Spec;
  const files = await writeFigure(dir, 'fig3', spec);
  const splits: TrainSplit[] = ['all', 'easy', 'hard'];
  const ours = splits
    .map((s) => {
      const record = pick(results, { trainSplit: s, category: 'mean', task: 'global', measure: 'accuracy' });
      if (!record) return `trained on ${s}: not run`;
      const verdict = agreesWithPaper(record, Number(PAPER_FIG3_MEANS[s]));
      return `trained on ${s}: ${f3(record.mean)} vs the paper's ${PAPER_FIG3_MEANS[s]}, ${verdictLabel(verdict)} (${describeVerdict(verdict)})`;
    })
    .join('. ');
  return {
    figure: {
      title: 'Figure 3: training split vs accuracy per category',
      svg: `fig3/${files.svg}`,
      png: `fig3/${files.png}`,
      paperSays: PAPER_FIG3,
      observed: `Hollow points: each seed. Mean accuracy over A-D against the paper's; it holds when the mean is within ${FIG3_AGREEMENT} of the paper's beyond seed noise (two one-sided t-tests at p < 0.05, every seed within). ${ours}.`,
    },
    table: {
      title: "Figure 3: accuracy per category (ours) and the paper's mean",
      columns: ['trained on', 'A', 'B', 'C', 'D', 'mean', 'paper mean'],
      rows: splits.map((split) => [
        split,
        ...categories.map((c) => f3(mainAt(results, { trainSplit: split, category: c }))),
        PAPER_FIG3_MEANS[split],
      ]),
    },
  };
}

const TASK_NAMES: Record<string, string> = {
  global: 'global stability',
  local: 'local stability',
  origin: 'origin of instability (n-way)',
};

async function fig4(dir: string, results: ResultPoint[]): Promise<FigureReport> {
  const taps = [...new Set(results.filter((r) => r.tap !== null).map((r) => r.tap!))];
  const data = results
    .filter((r) => r.tap !== null)
    .map((r) => ({
      tap: r.tap,
      task: TASK_NAMES[r.task],
      probe: r.measure === 'accuracy' ? 'true labels' : 'control task',
      ...band(r),
    }));
  const chance = results
    .filter((r) => r.measure === 'chance')
    .map((r) => ({ task: TASK_NAMES[r.task], mean: r.mean }));
  const x = { field: 'tap', type: 'ordinal', sort: taps, title: 'end point (module output)' };
  const color = { field: 'task', type: 'nominal', title: 'task', legend: { labelLimit: 360 } };
  const y = { type: 'quantitative', title: 'test accuracy', scale: { domain: [0, 1] } };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Fig. 4: analytic stethoscopes (sparse) at every end point',
    background: 'white',
    width: 460,
    height: 280,
    layer: [
      {
        data: { values: data },
        mark: { type: 'errorbar' },
        encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' }, color },
      },
      {
        data: { values: data },
        mark: { type: 'line', strokeWidth: 2.5 },
        encoding: {
          x,
          y: { ...y, field: 'mean' },
          color,
          strokeDash: {
            field: 'probe',
            type: 'nominal',
            title: 'probe trained on',
            sort: ['true labels', 'control task'],
            legend: { symbolType: 'stroke', symbolStrokeWidth: 2.5, labelLimit: 360 },
          },
          detail: { field: 'probe' },
        },
      },
      {
        data: { values: seedRows(data) },
        mark: SEED_POINT_MARK,
        encoding: {
          x,
          y: { ...y, field: 'value' },
          color,
          shape: { field: 'probe', type: 'nominal', legend: null },
        },
      },
      {
        data: { values: chance },
        mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.5 },
        encoding: { y: { field: 'mean', type: 'quantitative' }, color },
      },
    ],
  } as unknown as Spec;
  const files = await writeFigure(dir, 'fig4', spec);
  const value = (task: string, measure: string, tap: string) =>
    f3(
      pick(results, { task: task as ResultPoint['task'], measure: measure as ResultPoint['measure'], tap })
        ?.mean,
    );
  const chanceOf = (task: string) =>
    f3(pick(results, { task: task as ResultPoint['task'], measure: 'chance' })?.mean);
  return {
    figure: {
      title: 'Figure 4: how accessible each task is, layer by layer',
      svg: `fig4/${files.svg}`,
      png: `fig4/${files.png}`,
      paperSays: PAPER_FIG4,
      observed: `Solid: probes on the true labels; dashed: the control task; hollow points: each seed (labels shuffled within each global-stability class); dotted rules: chance (global ${chanceOf('global')}, local ${chanceOf('local')}, origin ${chanceOf('origin')}).`,
    },
    table: {
      title: 'Figure 4: probe (control) test accuracy per end point',
      columns: ['end point', 'global', 'local', 'origin (n-way)'],
      rows: taps.map((tap) => [
        tap,
        ...['global', 'local', 'origin'].map(
          (t) => `${value(t, 'accuracy', tap)} (${value(t, 'control', tap)})`,
        ),
      ]),
    },
  };
}

async function lambdaFigure(
  dir: string,
  figure: 'fig5' | 'fig6',
  results: ResultPoint[],
  stethoscopeName: string,
): Promise<{ files: { svg: string; png: string }; rows: (string | number)[][] }> {
  const series: Record<string, string> = {
    easy: 'main: easy towers',
    hard: 'main: hard towers',
    ...(figure === 'fig5' ? { mean: 'main: mean of A-D' } : {}),
  };
  const data = results
    .filter(
      (r) => (r.task === 'global' && r.category in series) || (r.task !== 'global' && r.category === 'all'),
    )
    .map((r) => ({
      x: r.lambda,
      series: r.task === 'global' ? series[r.category]! : `stethoscope: ${stethoscopeName}`,
      ...band(r),
    }));
  const title =
    figure === 'fig5'
      ? 'Fig. 5: auxiliary origin stethoscope, main trained on hard'
      : 'Fig. 6: local-stability stethoscope, main trained on easy';
  const files = await writeFigure(dir, figure, lineFigureSpec({ title, data }));
  const lambdas = [...new Set(results.map((r) => r.lambda))].sort((a, b) => a - b);
  const rows = lambdas.map((l) => [
    l,
    f3(mainAt(results, { lambda: l, category: 'easy' })),
    f3(mainAt(results, { lambda: l, category: 'hard' })),
    f3(mainAt(results, { lambda: l, category: 'mean' })),
    f3(results.find((r) => r.lambda === l && r.task !== 'global')?.mean),
  ]);
  return { files, rows };
}

async function fig5(dir: string, results: ResultPoint[]): Promise<FigureReport> {
  const { files, rows } = await lambdaFigure(dir, 'fig5', results, 'origin (n-way)');
  return {
    figure: {
      title: 'Figure 5: promoting the origin of instability (auxiliary, trained on hard)',
      svg: `fig5/${files.svg}`,
      png: `fig5/${files.png}`,
      paperSays: PAPER_FIG5,
    },
    table: {
      title: 'Figure 5: accuracy by lambda (lambda = 0 is the baseline)',
      columns: ['lambda', 'easy', 'hard', 'mean of A-D', 'stethoscope (origin)'],
      rows,
    },
  };
}

async function fig6(dir: string, results: ResultPoint[]): Promise<FigureReport> {
  const { files, rows } = await lambdaFigure(dir, 'fig6', results, 'local stability');
  return {
    figure: {
      title: 'Figure 6: suppressing (lambda < 0) and promoting (lambda > 0) local stability',
      svg: `fig6/${files.svg}`,
      png: `fig6/${files.png}`,
      paperSays: PAPER_FIG6,
    },
    table: {
      title: 'Figure 6: accuracy by lambda',
      columns: ['lambda', 'easy', 'hard', 'mean of A-D', 'stethoscope (local)'],
      rows,
    },
  };
}

async function fig7(dir: string, results: ResultPoint[]): Promise<FigureReport> {
  const curves = results.filter((r) => r.measure === 'recovery');
  const epochs = [...new Set(curves.map((r) => r.epoch!))].sort((a, b) => a - b);
  const baseline = pick(results, { lambda: 0, task: 'local', measure: 'accuracy' });
  const lambdas = [...new Set(curves.map((r) => r.lambda))].sort((a, b) => a - b);
  const data = [
    ...curves.map((r) => ({ x: r.epoch!, series: `stethoscope after lambda = ${r.lambda}`, ...band(r) })),
    ...(baseline
      ? epochs.map((e) => ({ x: e, series: 'analytic baseline (lambda = 0)', ...band(baseline) }))
      : []),
    ...lambdas.flatMap((l) => {
      const hard = pick(results, { lambda: l, task: 'global', measure: 'accuracy', category: 'hard' });
      return hard
        ? epochs.map((e) => ({ x: e, series: `main (frozen): hard, lambda = ${l}`, ...band(hard) }))
        : [];
    }),
  ];
  const files = await writeFigure(
    dir,
    'fig7',
    lineFigureSpec({
      title: 'Fig. 7: the stethoscope on the frozen, adversarially trained network',
      data,
      xTitle: 'epochs of stethoscope training after freezing',
      xScale: 'linear',
    }),
  );
  return {
    figure: {
      title: 'Figure 7: is local stability removed, or only hidden? (Appendix A)',
      svg: `fig7/${files.svg}`,
      png: `fig7/${files.png}`,
      paperSays: PAPER_FIG7,
    },
    table: {
      title: 'Figure 7: local-stability stethoscope accuracy on the frozen network',
      columns: ['lambda', 'when frozen', 'after retraining', 'analytic baseline'],
      rows: lambdas.map((l) => {
        const curve = curves.filter((r) => r.lambda === l);
        return [
          l,
          f3(curve.find((r) => r.epoch === 0)?.mean),
          f3(curve.find((r) => r.epoch === epochs[epochs.length - 1])?.mean),
          f3(baseline?.mean),
        ];
      }),
    },
  };
}

/** Writes `figure`'s chart into `dir` and returns its report part. */
export function figureReport(figure: FigureName, dir: string, results: ResultPoint[]): Promise<FigureReport> {
  const build = { fig3, fig4, fig5, fig6, fig7 }[figure];
  return build(dir, results);
}
