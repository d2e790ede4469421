/**
 * Which training runs each figure needs. Runs are shared: the run trained
 * on all towers also probes every end point (Figs. 3a and 4); the easy-only
 * run of Fig. 3b is Fig. 6's lambda = 0 run (an analytic stethoscope leaves
 * theta untouched); the hard-only run of Fig. 3c is Fig. 5's lambda = 0 run;
 * Fig. 6's adversarial runs go on to Fig. 7's recovery, against Fig. 6's
 * analytic baseline.
 */
import type { SweepPoint } from '@steth/lab';
import { allTowersDataDir, type Profile } from './profiles';
import {
  type FigureName,
  type PointStethoscope,
  pointId,
  type RunSettings,
  type TowerPoint,
  type TrainSplit,
} from './settings';

/** Every figure, in the paper's order. */
export const FIGURES: readonly FigureName[] = ['fig3', 'fig4', 'fig5', 'fig6', 'fig7'];

/** The one run of a training split and stethoscope, with the analyses every figure using it needs. */
export function towerPoint(
  trainSplit: TrainSplit,
  stethoscope: PointStethoscope | null,
  settings: RunSettings,
): TowerPoint {
  return {
    trainSplit,
    stethoscope,
    probes: trainSplit === 'all' && stethoscope === null,
    recovery: stethoscope?.task === 'local' && stethoscope.lambda < 0,
    settings,
  };
}

/** The runs of one figure. */
export function figurePoints(
  figure: FigureName,
  profile: Profile,
  settings: RunSettings,
): SweepPoint<TowerPoint>[] {
  const tap = profile.stethoscopeTap;
  const all = () => towerPoint('all', null, allTowersSettings(profile, settings));
  const local = (lambda: number) => towerPoint('easy', { task: 'local', tap, lambda }, settings);
  const origin = (lambda: number) => towerPoint('hard', { task: 'origin', tap, lambda }, settings);
  let points: TowerPoint[];
  switch (figure) {
    case 'fig3':
      points = [all(), local(0), origin(0)];
      break;
    case 'fig4':
      points = [all()];
      break;
    case 'fig5':
      points = withZero(profile.fig5Lambdas).map(origin);
      break;
    case 'fig6':
      points = withZero(profile.fig6Lambdas).map(local);
      break;
    case 'fig7':
      points = withZero(profile.fig6Lambdas.filter((l) => l < 0)).map(local);
      break;
    default:
      throw new RangeError(`Unknown figure "${String(figure)}"; expected ${FIGURES.join(', ')}.`);
  }
  return points.map((point) => ({ id: pointId(point), point }));
}

/**
 * The settings of the run on all towers: with the profile's `allTowersTrainingTowers`, it trains on
 * the larger dataset beside the profile's (`<data>-<towers>`); with its `allTowersEpochs`, for that
 * many epochs.
 */
export function allTowersSettings(profile: Profile, settings: RunSettings): RunSettings {
  const towers = profile.allTowersTrainingTowers;
  const epochs = profile.allTowersEpochs;
  let run = settings;
  if (towers !== undefined) run = { ...run, trainingDataDir: allTowersDataDir(settings.dataDir, towers) };
  if (epochs !== undefined && epochs !== run.epochs) run = { ...run, epochs };
  return run;
}

/** The lambdas with 0 (the analytic baseline every sweep compares with), sorted. */
function withZero(lambdas: readonly number[]): number[] {
  return [...new Set([0, ...lambdas])].sort((a, b) => a - b);
}

/**
 * Relative cost of a run, for ordering: the all-towers run (most images,
 * then the probes) first, then easy-only runs whose stethoscope also trains
 * on the hard towers (through theta when lambda != 0), then hard-only runs.
 */
export function runCost(point: TowerPoint): number {
  const s = point.stethoscope;
  if (point.trainSplit === 'all') return point.probes ? 4 : 3;
  if (s?.task === 'local') return s.lambda !== 0 ? 2.5 : 2;
  return 1;
}

/** The runs of several figures, each once, longest first (so two workers do not end on one long run). */
export function sweepPoints(
  figures: readonly FigureName[],
  profile: Profile,
  settings: RunSettings,
): SweepPoint<TowerPoint>[] {
  const byId = new Map<string, SweepPoint<TowerPoint>>();
  for (const figure of figures) {
    for (const p of figurePoints(figure, profile, settings)) byId.set(p.id, p);
  }
  return [...byId.values()].sort((a, b) => runCost(b.point) - runCost(a.point));
}
