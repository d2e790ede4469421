/**
 * The tower reproduction end to end (paper Section 4, Figs. 3 to 7, and
 * Appendix A): makes sure the towers exist (generating them with
 * @steth/mujoco-gen), runs every training run the chosen figures need, each
 * once, over seeds in @steth/lab's worker processes (resumable, progress
 * with ETA), aggregates with Student-t 1-sigma intervals, and writes per
 * figure `results.json`, `results.csv` and SVG/PNG charts, and one HTML
 * report beside the paper's numbers.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  aggregateRuns,
  type FailedRun,
  workerScriptPath as labWorkerScriptPath,
  type ReportFigure,
  type ReportTable,
  runQueueSweep,
  runSweep,
  verdictLabel,
  workerEnv,
  writeHtmlReport,
} from '@steth/lab';
import { allTowersSettings, FIGURES, figurePoints, sweepPoints } from './figure-points';
import { figureReport } from './figure-reports';
import { checkFindings, type Finding, type FindingId } from './findings';
import { getProfile, type Profile, type ProfileName } from './profiles';
import { manifestSha256, TOWER_JOB_KIND, type TowerDatasetSpec } from './queue-job';
import { type ResultPoint, toResultPoints, writeResultPoints } from './results';
import type { FigureName, OptimizerSettings, RunSettings, TowerPoint } from './settings';
import { checkExtendedDataset, ensureTowers } from './towers-data';

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
  /** Fig. 5 lambdas (0 is always added); default: the profile's. */
  fig5Lambdas?: number[];
  /** Fig. 6 lambdas (0 is always added); default: the profile's. */
  fig6Lambdas?: number[];
  /** Run-setting overrides (epochs, learning rate, ...); default none. */
  settings?: Partial<RunSettings>;
  /** Worker processes; default 2. */
  workers?: number;
  /** Progress bars on stderr; default true. */
  progress?: boolean;
  /** Stops the sweep; finished runs stay recorded. */
  signal?: AbortSignal;
  /**
   * Redis URL (`redis://HOST:PORT`): enqueue the runs on BullMQ for `steth worker` processes
   * instead of running them in local worker processes; default none (the local pool).
   */
  queue?: string;
  /** With `queue`: attempts of a run that throws before it is reported as failed; default 3. */
  queueAttempts?: number;
  /** With `queue`: BullMQ key prefix (the workers' `--queue-prefix`); default BullMQ's. */
  queuePrefix?: string;
}

/** What one figure produced. */
export interface FigureResult {
  figure: FigureName;
  /** Wall times of the runs it uses, summed (s); runs shared with other figures count for each. */
  runSeconds: number;
  /** Runs (points x seeds) it uses. */
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
  /** Wall time of the sweep in this call (s); 0 when every run was already recorded. */
  sweepSeconds: number;
  findings: Finding[];
  /** With a queue: runs that failed every attempt (listed in the report; a rerun retries them). */
  failed: FailedRun<TowerPoint>[];
}

/** Path of this app's built worker module (`dist/worker.js`), from sources or from the build. */
export function workerScriptPath(): string {
  return labWorkerScriptPath(import.meta.url);
}

/** Which findings each figure's text reports. */
const FINDINGS_OF: Record<FigureName, FindingId[]> = {
  fig3: ['easy-learned', 'easy-bias'],
  fig4: ['local-peaks-early'],
  fig5: ['origin-helps-hard'],
  fig6: ['adversarial-debias', 'auxiliary-bias'],
  fig7: ['adversarial-recovers'],
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The named profile with the options' towers, seeds, lambdas and epochs in place of its own. */
export function profileWithOptions(name: ProfileName, options: ReproductionOptions): Profile {
  const profile = getProfile(name);
  // --towers sets the dataset of every run, the all-towers run's too (and with it the epochs chosen
  // for the larger dataset); --epochs sets every run's epochs.
  if (options.towers !== undefined) {
    profile.towers = options.towers;
    profile.allTowersTrainingTowers = undefined;
    profile.allTowersEpochs = undefined;
  }
  if (options.settings?.epochs !== undefined) profile.allTowersEpochs = undefined;
  if (options.seeds !== undefined) profile.seeds = options.seeds;
  if (options.fig5Lambdas !== undefined) profile.fig5Lambdas = options.fig5Lambdas;
  if (options.fig6Lambdas !== undefined) profile.fig6Lambdas = options.fig6Lambdas;
  return profile;
}

/** Runs (or resumes) the chosen figures and writes the report. */
export async function runReproduction(options: ReproductionOptions = {}): Promise<ReproductionResult> {
  const profileName = options.profile ?? 'quick';
  const profile = profileWithOptions(profileName, options);
  // Runs evaluated on the eval split (to choose settings) never share a folder with test-split runs.
  const onEval = (options.settings?.evaluateOn ?? profile.settings.evaluateOn) === 'eval';
  const outDir = resolve(options.outDir ?? join('runs', `reproduce-${profileName}${onEval ? '-eval' : ''}`));
  const dataDir = resolve(options.dataDir ?? join(outDir, 'towers'));
  const settings: RunSettings = { ...profile.settings, ...options.settings, dataDir };
  const chosen = FIGURES.filter((f) => (options.figures ?? FIGURES).includes(f));
  mkdirSync(outDir, { recursive: true });
  const data = await ensureTowers({
    dir: dataDir,
    towers: profile.towers,
    imageSize: settings.imageSize,
    cameras: settings.cameras,
    framing: settings.framing,
    progress: options.progress !== false,
  });
  // The all-towers run (Figs. 3 and 4) may train on a larger dataset beside this one.
  const allTowersRun = allTowersSettings(profile, settings);
  const allTowersChosen = chosen.some((f) => f === 'fig3' || f === 'fig4');
  const trainingData =
    allTowersRun.trainingDataDir && allTowersChosen
      ? await ensureTowers({
          dir: allTowersRun.trainingDataDir,
          towers: profile.allTowersTrainingTowers!,
          imageSize: settings.imageSize,
          cameras: settings.cameras,
          framing: settings.framing,
          progress: options.progress !== false,
          // the profile's towers are its first ones: generated once
          extending: dataDir,
        })
      : undefined;
  if (trainingData) checkExtendedDataset(dataDir, trainingData.dir);
  const seeds = Array.from({ length: profile.seeds }, (_, i) => i);
  const workers = options.workers ?? 2;
  const sweepConfig = {
    outDir: join(outDir, 'runs'),
    points: sweepPoints(chosen, profile, settings),
    seeds,
    settings: { profile: profileName, settings },
    progress: options.progress,
    signal: options.signal,
  };
  const dataset: TowerDatasetSpec = {
    towers: data.towers,
    imageSize: settings.imageSize,
    cameras: settings.cameras,
    framing: settings.framing,
    seed: 0,
    manifestSha256: options.queue ? manifestSha256(dataDir) : '',
    ...(trainingData
      ? {
          training: {
            towers: trainingData.towers,
            manifestSha256: options.queue ? manifestSha256(trainingData.dir) : '',
          },
        }
      : {}),
  };
  const sweep = options.queue
    ? await runQueueSweep({
        ...sweepConfig,
        queue: {
          url: options.queue,
          kind: TOWER_JOB_KIND,
          dataset,
          attempts: options.queueAttempts,
          prefix: options.queuePrefix,
        },
      })
    : {
        ...(await runSweep({
          ...sweepConfig,
          workerScript: workerScriptPath(),
          workers,
          env: workerEnv(workers),
        })),
        failed: [],
      };
  const figures: FigureResult[] = [];
  const reportFigures: ReportFigure[] = [];
  const tables: ReportTable[] = [];
  for (const figure of chosen) {
    const dir = join(outDir, figure);
    mkdirSync(dir, { recursive: true });
    const points = figurePoints(figure, profile, settings);
    const ids = new Set(points.map((p) => p.id));
    const runs = sweep.runs.filter((r) => ids.has(r.pointId));
    const results = toResultPoints(figure, aggregateRuns(runs, points));
    writeResultPoints(dir, results);
    const runSeconds = runs.reduce((t, r) => t + r.seconds, 0);
    figures.push({ figure, runSeconds, runs: runs.length, seeds, results });
    const part = await figureReport(figure, dir, results);
    part.figure.title += ` (${runs.length} runs, ${runSeconds.toFixed(0)} s of run time)`;
    reportFigures.push(part.figure);
    tables.push(part.table);
  }
  // Each record carries its per-seed values: every finding is a Welch t-test over seeds, with the
  // direction checked seed by seed (@steth/lab's verdicts).
  const findings = checkFindings(figures.flatMap((f) => f.results));
  chosen.forEach((figure, i) => {
    const text = findings
      .filter((f) => FINDINGS_OF[figure].includes(f.id))
      .map((f) => `${capitalise(verdictLabel(f.verdict))}: ${f.claim} (${f.detail})`);
    const part = reportFigures[i]!;
    part.observed = [part.observed, ...text].filter(Boolean).join(' ');
  });
  if (sweep.failed.length > 0) {
    tables.push({
      title: `Failed runs: ${sweep.failed.length}, left out of the aggregates (rerun the same command to retry them)`,
      columns: ['point', 'seed', 'attempts', 'error'],
      rows: sweep.failed.map((f) => [f.pointId, String(f.seed), String(f.attempts), f.error]),
    });
  }
  tables.push({
    title:
      "The paper's findings on this run (holds: p < 0.05 in a Welch t-test over seeds, paired by seed where both sides share them, and every seed the claimed way)",
    columns: ['finding', 'verdict', 'numbers'],
    rows: findings.map((f) => [f.claim, verdictLabel(f.verdict), f.detail]),
  });
  const html = writeHtmlReport({
    outDir,
    title: `Neural stethoscopes on block towers: Figs. ${chosen.map((f) => f.slice(3)).join(', ')} (${profileName} profile)`,
    intro: [
      `Data: ${describeData(data, dataDir)}, images ${settings.imageSize} px from cameras ${settings.cameras.join(', ')}${settings.framing === 'close-up' ? ', moved in until the tower fills the frame (close-up framing)' : ''}.${trainingData ? ` The run on all towers trains on the training split of ${describeData(trainingData, trainingData.dir)}, made with the same seed: its first ${towerCount(data.towers)} and their splits are the dataset above, on whose ${settings.evaluateOn} split every run is evaluated.` : ''}`,
      `Network ${settings.model}, ${settings.epochs} epochs${allTowersChosen && allTowersRun.epochs !== settings.epochs ? ` (${allTowersRun.epochs} for the run on all towers)` : ''}, batch ${settings.batchSize}, ${describeOptimizer(settings.optimizer)}${settings.flipProbability > 0 ? `, horizontal flips (p = ${settings.flipProbability})` : ''}; batch norm ${settings.batchNorm ? `on (evaluated on ${settings.testWithBatchStatistics ? 'batch statistics' : settings.recalibrateBatchNorm ? `statistics recalibrated on ${settings.recalibrateBatchNorm} training batches after training` : 'moving averages'})` : 'off'}. Accuracies on the ${settings.evaluateOn} split. Stethoscopes at ${profile.stethoscopeTap}, ${settings.stethoscopeHidden} hidden units.`,
      `Seeds ${seeds.join(', ')}; points are means with Student-t 1-sigma intervals. The sweep ran ${sweep.ran} runs in ${sweep.seconds.toFixed(0)} s of wall time in this call (${sweep.skipped} were already recorded), ${options.queue ? `on the workers of the queue at ${options.queue}` : `${workers} worker processes`}. Runs are shared between figures: Fig. 3's easy-only and hard-only runs are Figs. 6 and 5 at lambda = 0, and its all-towers run carries Fig. 4's probes.`,
    ],
    figures: reportFigures,
    tables,
  });
  return { outDir, html, data, figures, sweepSeconds: sweep.seconds, findings, failed: sweep.failed };
}

/** One phrase for the report: a dataset's size, folder and whether it was made now. */
function describeData(data: { towers: number; generated: boolean; seconds: number }, dir: string): string {
  return `${towerCount(data.towers)} in ${dir} (${data.generated ? `generated now in ${data.seconds.toFixed(0)} s` : 'already there'})`;
}

/** "24,000 towers", "1 tower". */
export function towerCount(towers: number): string {
  return `${towers.toLocaleString('en-US')} tower${towers === 1 ? '' : 's'}`;
}

/** One phrase for the report: the main optimiser and its settings. */
function describeOptimizer(o: OptimizerSettings): string {
  const decay = o.epochDecay === 1 ? '' : `, lr x${o.epochDecay} per epoch`;
  if (o.kind === 'adam') return `Adam lr ${o.learningRate}${decay}`;
  return `RMSProp lr ${o.learningRate}, decay ${o.decay}, epsilon ${o.epsilon}${decay}`;
}
