/**
 * The settings of one tower training run (paper Section 4) and the sweep
 * points of Figures 3 and 6: which towers train the main network, which
 * stethoscope (if any) is attached where, and at what weight lambda.
 */
import type { TowerCategory } from '@steth/datasets';

/** Training subset of the main network: all categories, easy (A, D) or hard (B, C). */
export type TrainSplit = 'all' | 'easy' | 'hard';

/** The figures this app reproduces. */
export type FigureName = 'fig3' | 'fig6';

/** RMSProp as the paper uses it (TensorFlow's, no momentum). */
export interface RmsPropSettings {
  /** Learning rate. Paper: 0.045. */
  learningRate: number;
  /** Decay of the squared-gradient history. Paper: 0.9. */
  decay: number;
  /** Epsilon. Paper: 1.0. */
  epsilon: number;
  /** Factor applied to the learning rate after every epoch. Paper: 0.975. */
  epochDecay: number;
}

/** Everything a run needs besides the point's own choices. */
export interface RunSettings {
  /** Dataset folder (ShapeStacks layout with `manifest.jsonl`). */
  dataDir: string;
  /** Registered model name. Quick: `inception-v4-small`; paper: `inception-v4`. */
  model: 'inception-v4-small' | 'inception-v4';
  /** Input side (px); the images are resized to it. Quick 112, paper 224. */
  imageSize: number;
  /** Cameras used (ShapeStacks numbers 1, 4, 7, 10). Quick [1, 7]; paper all four. */
  cameras: number[];
  /** Epochs of main training. */
  epochs: number;
  /** Batch size. Paper: 32. */
  batchSize: number;
  /** Pixel scaling of the inputs: `raw` 0..255 (ShapeStacks), `centered` -1..1. */
  pixelScale: 'raw' | 'centered';
  /** Main network optimiser. */
  optimizer: RmsPropSettings;
  /** Learning rate of the stethoscope's RMSProp (decay 0.9, epsilon 1e-7). */
  stethoscopeLearningRate: number;
  /** Hidden units of the stethoscope MLP. */
  stethoscopeHidden: number;
  /** Batch norm after every convolution (ShapeStacks trained without). Quick: true, paper: false. */
  batchNorm: boolean;
  /** Dropout keep probability before the logit (1 removes it). */
  dropoutKeepProb: number;
}

/** One sweep point: a figure's configuration, without the seed. */
export interface TowerPoint {
  figure: FigureName;
  /** Towers the main network trains on (global stability labels). */
  trainSplit: TrainSplit;
  /** End point the stethoscope taps; null without stethoscope. */
  tap: string | null;
  /** Stethoscope task; null without stethoscope. Fig. 6: local stability on all categories. */
  task: 'local' | null;
  /** Stethoscope weight (0 analytic, > 0 auxiliary, < 0 adversarial). */
  lambda: number;
  settings: RunSettings;
}

/** Metrics of one run, all on the balanced test split (every category). */
export interface TowerMetrics {
  /** Global-stability accuracy per category. */
  accuracyA: number;
  accuracyB: number;
  accuracyC: number;
  accuracyD: number;
  /** Mean of the four category accuracies (Fig. 3's grey boxes). */
  accuracyMean: number;
  /** Accuracy on easy (A, D) and hard (B, C) towers. */
  accuracyEasy: number;
  accuracyHard: number;
  /** Local-stability accuracy of the stethoscope on all test towers (NaN without one). */
  stethoscopeAccuracy: number;
  /** Main accuracy on the training batches of the last epoch. */
  trainAccuracy: number;
  /** Wall time of the run (s). */
  seconds: number;
  [metric: string]: number;
}

export const CATEGORIES: readonly TowerCategory[] = ['A', 'B', 'C', 'D'];

/** Stable id of a point (the sweep's resume key). */
export function pointId(
  point: Pick<TowerPoint, 'figure' | 'trainSplit' | 'tap' | 'task' | 'lambda'>,
): string {
  const steth = point.task ? `-${point.task}@${point.tap}` : '';
  return `${point.figure}-${point.trainSplit}${steth}-lambda=${point.lambda}`;
}
