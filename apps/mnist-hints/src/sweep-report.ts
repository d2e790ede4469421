/**
 * Turns the runs of an MNIST-hints sweep into the report folder: the
 * aggregates (CSV and results.json, Student-t 1-sigma intervals and each
 * seed's value), the figures of the paper's Figs. 9 and 10 as SVG and PNG
 * (each seed drawn beside the mean), and an HTML page with each figure
 * beside what the paper says and the verdicts on its findings.
 */
import {
  aggregateRuns,
  findingLine,
  lineFigureSpec,
  type PointAggregate,
  type ReportFigure,
  type RunRecord,
  SIGNIFICANCE_LEVEL,
  type SweepPoint,
  verdictLabel,
  writeAggregatesCsv,
  writeFigure,
  writeHtmlReport,
  writeResultsJson,
} from '@steth/lab';
import { checkFindings, type Finding } from './findings';
import {
  PAPER_FIG9A,
  PAPER_FIG9B,
  PAPER_FIG10,
  PAPER_V1_STETHOSCOPE,
  PAPER_V2_HINT,
  PAPER_V2_STETHOSCOPE,
} from './paper-text';
import type { MnistHintsPoint } from './settings';

/** The report files of a sweep. */
export interface SweepReport {
  /** Path of index.html. */
  html: string;
  /** Figure file names (SVG and PNG) relative to the folder. */
  figures: { svg: string; png: string }[];
  /** The aggregates, one per point. */
  aggregates: PointAggregate<MnistHintsPoint>[];
  /** The paper's findings checked on them. */
  findings: Finding[];
}

/** Aggregated results with the run settings left out (they are in config.json). */
type PlainPoint = Omit<MnistHintsPoint, 'settings'>;

const METRIC_TITLES: Record<string, string> = {
  trueAccuracy: 'test accuracy (true labels)',
  hintAgreement: 'test agreement with hint labels',
  stethoscopeAccuracy: 'stethoscope accuracy (hint class)',
};

/** One point of a figure's line and band. */
export interface FigureRow {
  x: number;
  mean: number;
  lower: number;
  upper: number;
  series: string;
  /** Each seed's value. */
  values: number[];
}

/**
 * The points of one figure: a line per hint quality over lambda, with its interval band. Every
 * plotted metric is a rate, so the band is clipped to [0, 1] where seeds far apart widen it past.
 */
export function figureRows(
  aggregates: readonly PointAggregate<MnistHintsPoint>[],
  variant: 1 | 2,
  metric: string,
): FigureRow[] {
  return aggregates
    .filter((a) => a.point.variant === variant && a.metrics[metric])
    .map((a) => {
      const m = a.metrics[metric]!;
      return {
        x: a.point.lambda,
        mean: m.mean,
        lower: Math.max(0, m.lower),
        upper: Math.min(1, m.upper),
        series: `q_h = ${a.point.qh.toFixed(1)}`,
        values: m.values,
      };
    })
    .sort((a, b) => a.x - b.x);
}

/**
 * The findings a figure reports, each under one figure: that the network follows the hint is
 * read off hint agreement (Fig. 9b); every other claim is about accuracy on the true labels
 * (Figs. 9a and 10).
 */
export function findingsOfFigure(findings: readonly Finding[], variant: 1 | 2, metric: string): Finding[] {
  const metricOf = (f: Finding) => (f.id === 'v1-follows-hint' ? 'hintAgreement' : 'trueAccuracy');
  return findings.filter((f) => f.variant === variant && metricOf(f) === metric);
}

/** Writes the report folder for the runs of a sweep. */
export async function writeSweepReport(
  outDir: string,
  runs: readonly RunRecord<MnistHintsPoint>[],
  points: readonly SweepPoint<MnistHintsPoint>[],
  intro: string[],
): Promise<SweepReport> {
  const aggregates = aggregateRuns(runs, points);
  const plain: PointAggregate<PlainPoint>[] = aggregates.map((a) => ({
    ...a,
    point: { variant: a.point.variant, qh: a.point.qh, lambda: a.point.lambda },
  }));
  writeAggregatesCsv(outDir, plain);
  writeResultsJson(outDir, plain);
  const findings = checkFindings(aggregates);
  const figureDefs: {
    variant: 1 | 2;
    metric: string;
    name: string;
    title: string;
    paperSays: string;
    /** Fit the y axis to the data (variant 2's effects are a few points of accuracy). */
    zoom?: boolean;
  }[] = [
    {
      variant: 1,
      metric: 'trueAccuracy',
      name: 'fig9a-v1-true-accuracy',
      title: 'Variant 1 (Fig. 9a): test accuracy against the true labels',
      paperSays: PAPER_FIG9A,
    },
    {
      variant: 1,
      metric: 'hintAgreement',
      name: 'fig9b-v1-hint-agreement',
      title: 'Variant 1 (Fig. 9b): test agreement with the hint labels',
      paperSays: PAPER_FIG9B,
    },
    {
      variant: 1,
      metric: 'stethoscopeAccuracy',
      name: 'v1-stethoscope-accuracy',
      title: "Variant 1: the stethoscope's accuracy on the hint",
      paperSays: PAPER_V1_STETHOSCOPE,
    },
    {
      variant: 2,
      metric: 'trueAccuracy',
      name: 'fig10-v2-true-accuracy',
      title: 'Variant 2 (Fig. 10): test accuracy against the true labels',
      paperSays: PAPER_FIG10,
      zoom: true,
    },
    {
      variant: 2,
      metric: 'hintAgreement',
      name: 'v2-hint-agreement',
      title: "Variant 2: test agreement with the hint's digit",
      paperSays: PAPER_V2_HINT,
    },
    {
      variant: 2,
      metric: 'stethoscopeAccuracy',
      name: 'v2-stethoscope-accuracy',
      title: "Variant 2: the stethoscope's accuracy on the hint class",
      paperSays: PAPER_V2_STETHOSCOPE,
    },
  ];
  const figures: ReportFigure[] = [];
  const files: { svg: string; png: string }[] = [];
  for (const def of figureDefs) {
    const data = figureRows(aggregates, def.variant, def.metric);
    if (data.length === 0) continue;
    const spec = lineFigureSpec({
      title: def.title.replace(/ \(Fig\. \w+\)/, ''),
      data,
      xTitle: 'stethoscope weight lambda (< 0 adversarial, > 0 auxiliary; symlog axis)',
      yTitle: METRIC_TITLES[def.metric]!,
      seriesTitle: 'hint quality',
      yDomain: def.zoom ? 'auto' : [0, 1],
    });
    const written = await writeFigure(outDir, def.name, spec);
    files.push(written);
    const related = findingsOfFigure(findings, def.variant, def.metric);
    const observed =
      related.length > 0
        ? `Hollow points: each seed. ${related.map((f) => `${findingLine(f)}.`).join(' ')}`
        : 'Hollow points: each seed.';
    figures.push({ title: def.title, ...written, paperSays: def.paperSays, observed });
  }
  const table = {
    title: 'Aggregates (mean and Student-t 1-sigma interval over seeds)',
    columns: [
      'variant',
      'q_h',
      'lambda',
      'n',
      'true acc.',
      '±',
      'hint agreement',
      '±',
      'stethoscope acc.',
      '±',
      'hint scale',
    ],
    rows: aggregates.map((a) => {
      const m = (k: string) => a.metrics[k];
      return [
        String(a.point.variant),
        a.point.qh,
        String(a.point.lambda),
        String(m('trueAccuracy')?.n ?? 0),
        m('trueAccuracy')?.mean ?? null,
        m('trueAccuracy')?.halfWidth ?? null,
        m('hintAgreement')?.mean ?? null,
        m('hintAgreement')?.halfWidth ?? null,
        m('stethoscopeAccuracy')?.mean ?? null,
        m('stethoscopeAccuracy')?.halfWidth ?? null,
        m('hintScale')?.mean ?? null,
      ];
    }),
  };
  const findingsTable = {
    title: `The paper's findings on this run (a finding holds when Welch's t-test over seeds gives p < ${SIGNIFICANCE_LEVEL} and every seed goes the claimed way; thresholds are tested one-sided)`,
    columns: ['finding', 'verdict', 'numbers'],
    rows: findings.map((f) => [f.claim, verdictLabel(f.verdict), f.detail]),
  };
  const html = writeHtmlReport({
    outDir,
    title: 'Neural stethoscopes, Appendix B: MNIST with planted hints',
    intro,
    figures,
    tables: [findingsTable, table],
  });
  return { html, figures: files, aggregates, findings };
}
