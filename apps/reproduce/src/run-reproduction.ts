/**
 * The tower reproduction end to end (paper Section 4, Figs. 3 and 6):
 * makes sure the towers exist (generating them with @steth/mujoco-gen),
 * runs each figure's sweep over seeds in @steth/lab's worker processes
 * (resumable, progress with ETA), aggregates with Student-t 1-sigma
 * intervals, and writes per figure `results.json` plus SVG/PNG figures, and
 * one HTML report beside the paper's numbers.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  aggregateRuns,
  lineFigureSpec,
  type ReportFigure,
  type ReportTable,
  runSweep,
  type SweepPoint,
  writeFigure,
  writeHtmlReport,
} from '@steth/lab';
import { checkFindings, type Finding } from './findings';
import { PAPER_FIG3, PAPER_FIG3_MEANS, PAPER_FIG6 } from './paper-text';
import { getProfile, type Profile, type ProfileName } from './profiles';
import { type ResultPoint, toResultPoints, writeResultPoints } from './results';
import { type FigureName, pointId, type RunSettings, type TowerPoint, type TrainSplit } from './settings';
import { ensureTowers } from './towers-data';

/** How close a Fig. 3 mean must be to the paper's to count as agreeing. */
export const FIG3_AGREEMENT = 0.05;

/** Figures this app runs; `all` runs every one. */
export const FIGURES: readonly FigureName[] = ['fig3', 'fig6'];

/** Configures {@link runReproduction}; every field but `figures` overrides the profile. */
export interface ReproductionOptions {
  /** Figures to run; default all. */
  figures?: FigureName[];
  /** `'quick'` (default) or `'paper'`. */
  profile?: ProfileName;
  /** Output folder; default `runs/reproduce-<profile>`. */
  outDir?: string;
  /** Dataset folder; default `<outDir>/towers`. Generated if missing. */
  dataDir?: string;
  /** Towers to generate; default: the profile's. */
  towers?: number;
  /** Seeds per point (0 .. seeds-1); default: the profile's. */
  seeds?: number;
  /** Fig. 6 lambdas; default: the profile's. */
  lambdas?: number[];
  /** Run-setting overrides (epochs, learning rate, ...); default none. */
  settings?: Partial<RunSettings>;
  /** Worker processes; default 2. */
  workers?: number;
  /** Progress bars on stderr; default true. */
  progress?: boolean;
  /** Stops the sweep; finished runs stay recorded. */
  signal?: AbortSignal;
}

/** What one figure produced. */
export interface FigureResult {
  figure: FigureName;
  /** Wall time of the sweep in this call (s); 0 when every run was already recorded. */
  seconds: number;
  /** Wall times of the runs, summed over every recorded run, earlier calls included (s). */
  runSeconds: number;
  runs: number;
  seeds: number[];
  results: ResultPoint[];
}

/** What {@link runReproduction} produced. */
export interface ReproductionResult {
  outDir: string;
  html: string;
  data: { dir: string; generated: boolean; seconds: number; towers: number };
  figures: FigureResult[];
  findings: Finding[];
}

/** Path of the built worker module. */
export function workerScriptPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('reproduce', 'src'))
    ? join(here, '..', 'dist', 'worker.js')
    : join(here, 'worker.js');
}

/** The sweep points of a figure. */
export function figurePoints(
  figure: FigureName,
  profile: Profile,
  settings: RunSettings,
): SweepPoint<TowerPoint>[] {
  const points: TowerPoint[] =
    figure === 'fig3'
      ? (['all', 'easy', 'hard'] as TrainSplit[]).map((trainSplit) => ({
          figure,
          trainSplit,
          tap: null,
          task: null,
          lambda: 0,
          settings,
        }))
      : profile.fig6Lambdas.map((lambda) => ({
          figure,
          trainSplit: 'easy' as const,
          tap: profile.fig6Tap,
          task: 'local' as const,
          lambda,
          settings,
        }));
  return points.map((point) => ({ id: pointId(point), point }));
}

const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
const pick = (results: readonly ResultPoint[], where: Partial<ResultPoint>) =>
  results.find((r) =>
    Object.entries(where).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v),
  );

async function fig3Report(
  dir: string,
  results: ResultPoint[],
): Promise<{ figure: ReportFigure; table: ReportTable }> {
  const categories = ['A', 'B', 'C', 'D', 'mean'];
  const data = results
    .filter((r) => categories.includes(r.category))
    .map((r) => ({
      split: `trained on ${r.trainSplit}`,
      category: r.category,
      mean: r.mean,
      lower: r.interval[0],
      upper: r.interval[1],
    }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Fig. 3: global-stability accuracy per test category',
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
          mark: 'rule',
          encoding: {
            x: { field: 'category', type: 'nominal' },
            y: { field: 'lower', type: 'quantitative' },
            y2: { field: 'upper' },
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 3], color: 'black' }, encoding: { y: { datum: 0.5 } } },
      ],
    },
  } as unknown as Parameters<typeof writeFigure>[2];
  const files = await writeFigure(dir, 'fig3', spec);
  const rows = (['all', 'easy', 'hard'] as TrainSplit[]).map((split) => [
    split,
    ...categories.map((c) => f3(pick(results, { trainSplit: split, category: c })?.mean)),
    PAPER_FIG3_MEANS[split],
  ]);
  const ours = (['all', 'easy', 'hard'] as TrainSplit[])
    .map((s) => {
      const mean = pick(results, { trainSplit: s, category: 'mean' })?.mean;
      const paper = Number(PAPER_FIG3_MEANS[s]);
      const verdict =
        mean === undefined
          ? 'not run'
          : Math.abs(mean - paper) <= FIG3_AGREEMENT
            ? 'agrees'
            : 'does NOT agree';
      return `trained on ${s}: ${f3(mean)} vs the paper's ${PAPER_FIG3_MEANS[s]} (${verdict})`;
    })
    .join('; ');
  return {
    figure: {
      title: 'Figure 3: training split vs accuracy per category',
      svg: `fig3/${files.svg}`,
      png: `fig3/${files.png}`,
      paperSays: PAPER_FIG3,
      observed: `Mean accuracy over A-D, ${ours}; agreeing means within ${FIG3_AGREEMENT}.`,
    },
    table: {
      title: "Figure 3: accuracy per category (ours) and the paper's mean",
      columns: ['trained on', 'A', 'B', 'C', 'D', 'mean', 'paper mean'],
      rows,
    },
  };
}

async function fig6Report(
  dir: string,
  results: ResultPoint[],
): Promise<{ figure: ReportFigure; table: ReportTable }> {
  const series: Record<string, string> = {
    easy: 'main: easy towers',
    hard: 'main: hard towers',
    all: 'stethoscope: local stability',
  };
  const data = results
    .filter((r) => r.category in series)
    .map((r) => ({
      x: r.lambda,
      mean: r.mean,
      lower: r.interval[0],
      upper: r.interval[1],
      series: series[r.category]!,
    }));
  const files = await writeFigure(
    dir,
    'fig6',
    lineFigureSpec({ title: 'Fig. 6: local-stability stethoscope, main trained on easy', data }),
  );
  const lambdas = [...new Set(results.map((r) => r.lambda))].sort((a, b) => a - b);
  const rows = lambdas.map((l) => [
    l,
    f3(pick(results, { lambda: l, category: 'easy' })?.mean),
    f3(pick(results, { lambda: l, category: 'hard' })?.mean),
    f3(pick(results, { lambda: l, category: 'all' })?.mean),
  ]);
  return {
    figure: {
      title: 'Figure 6: suppressing (lambda < 0) and promoting (lambda > 0) local stability',
      svg: `fig6/${files.svg}`,
      png: `fig6/${files.png}`,
      paperSays: PAPER_FIG6,
    },
    table: {
      title: 'Figure 6: accuracy by lambda',
      columns: ['lambda', 'easy', 'hard', 'stethoscope (local)'],
      rows,
    },
  };
}

/** Runs (or resumes) the chosen figures and writes the report. */
export async function runReproduction(options: ReproductionOptions = {}): Promise<ReproductionResult> {
  const profileName = options.profile ?? 'quick';
  const profile = getProfile(profileName);
  if (options.towers !== undefined) profile.towers = options.towers;
  if (options.seeds !== undefined) profile.seeds = options.seeds;
  if (options.lambdas !== undefined) profile.fig6Lambdas = options.lambdas;
  const outDir = resolve(options.outDir ?? join('runs', `reproduce-${profileName}`));
  const dataDir = resolve(options.dataDir ?? join(outDir, 'towers'));
  const settings: RunSettings = { ...profile.settings, ...options.settings, dataDir };
  mkdirSync(outDir, { recursive: true });
  const data = await ensureTowers({
    dir: dataDir,
    towers: profile.towers,
    imageSize: settings.imageSize,
    cameras: settings.cameras,
    onProgress:
      options.progress === false
        ? undefined
        : (done, total) => {
            if (done % 100 === 0 || done === total) process.stderr.write(`towers ${done}/${total}\n`);
          },
  });
  const seeds = Array.from({ length: profile.seeds }, (_, i) => i);
  const figures: FigureResult[] = [];
  const reportFigures: ReportFigure[] = [];
  const tables: ReportTable[] = [];
  for (const figure of options.figures ?? FIGURES) {
    const dir = join(outDir, figure);
    const points = figurePoints(figure, profile, settings);
    const sweep = await runSweep({
      outDir: dir,
      workerScript: workerScriptPath(),
      points,
      seeds,
      settings: { profile: profileName, settings },
      workers: options.workers,
      progress: options.progress,
      signal: options.signal,
    });
    const results = toResultPoints(aggregateRuns(sweep.runs, points));
    writeResultPoints(dir, results);
    figures.push({
      figure,
      seconds: sweep.seconds,
      runSeconds: sweep.runs.reduce((t, r) => t + r.seconds, 0),
      runs: sweep.runs.length,
      seeds,
      results,
    });
    const part = figure === 'fig3' ? await fig3Report(dir, results) : await fig6Report(dir, results);
    reportFigures.push(part.figure);
    tables.push(part.table);
  }
  const findings = checkFindings(figures.flatMap((f) => f.results));
  const fig6Figure = reportFigures.find((f) => f.title.startsWith('Figure 6'));
  if (fig6Figure) {
    fig6Figure.observed = findings
      .filter((f) => f.id !== 'easy-bias')
      .map(
        (f) =>
          `${f.holds === true ? 'Agrees' : f.holds === false ? 'Does NOT agree' : 'No verdict'}: ${f.claim} (${f.detail})`,
      )
      .join(' ');
  }
  tables.push({
    title: "The paper's findings on this run",
    columns: ['finding', 'verdict', 'numbers'],
    rows: findings.map((f) => [
      f.claim,
      f.holds === true ? 'agrees' : f.holds === false ? 'does NOT agree' : 'no verdict',
      f.detail,
    ]),
  });
  const html = writeHtmlReport({
    outDir,
    title: `Neural stethoscopes on block towers: Figs. 3 and 6 (${profileName} profile)`,
    intro: [
      `Data: ${data.towers} towers in ${dataDir} (${data.generated ? `generated now in ${data.seconds.toFixed(0)} s` : 'already there'}), images ${settings.imageSize} px, cameras ${settings.cameras.join(', ')}.`,
      `Network ${settings.model}, ${settings.epochs} epochs, batch ${settings.batchSize}, RMSProp lr ${settings.optimizer.learningRate}, decay ${settings.optimizer.decay}, epsilon ${settings.optimizer.epsilon}, lr x${settings.optimizer.epochDecay} per epoch; batch norm ${settings.batchNorm ? 'on (evaluated on batch statistics)' : 'off'}.`,
      `Seeds ${seeds.join(', ')}; points are means with Student-t 1-sigma intervals. Sweep times: ${figures.map((f) => `${f.figure} ${f.seconds.toFixed(0)} s in this call, ${f.runs} runs taking ${f.runSeconds.toFixed(0)} s summed`).join('; ')}.`,
      'Figures 4, 5 and 7 are not reproduced by this app yet.',
    ],
    figures: reportFigures,
    tables,
  });
  return { outDir, html, data, figures, findings };
}
