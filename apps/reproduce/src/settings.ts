/**
 * The settings of one tower training run (paper Section 4) and its sweep
 * point: which towers train the main network, which stethoscope (if any) is
 * attached where, on which supplemental task, at what weight lambda, and
 * which analyses follow training (Fig. 4's probes, Fig. 7's recovery).
 * A point is shared by every figure that needs it: the easy-only run of
 * Fig. 3 is Fig. 6's lambda = 0 run, and its hard-only run is Fig. 5's.
 */
import type { TowerCategory } from '@steth/datasets';

/** Training subset of the main network: all categories, easy (A, D) or hard (B, C). */
export type TrainSplit = 'all' | 'easy' | 'hard';

/** The figures this app reproduces. */
export type FigureName = 'fig3' | 'fig4' | 'fig5' | 'fig6' | 'fig7';

/** Supplemental tasks of the towers: global stability, local stability, origin of global instability (n-way). */
export type TowerTask = 'global' | 'local' | 'origin';

/** RMSProp as the paper uses it (TensorFlow's, no momentum). */
export interface RmsPropSettings {
  /** Optimiser; default (absent) `rmsprop`. */
  kind?: 'rmsprop';
  /** Learning rate. Paper: 0.045. */
  learningRate: number;
  /** Decay of the squared-gradient history. Paper: 0.9. */
  decay: number;
  /** Epsilon. Paper: 1.0. */
  epsilon: number;
  /** Factor applied to the learning rate after every epoch. Paper: 0.975. */
  epochDecay: number;
}

/** Adam (Kingma and Ba), with the same per-epoch learning-rate decay. */
export interface AdamSettings {
  kind: 'adam';
  /** Learning rate. */
  learningRate: number;
  /** Factor applied to the learning rate after every epoch (1 keeps it). */
  epochDecay: number;
}

/** The main network's optimiser. */
export type OptimizerSettings = RmsPropSettings | AdamSettings;

/** How the towers are framed: ShapeStacks' corner cameras, or the same cameras moved in until the tower fills the image. */
export type TowerFraming = 'shapestacks' | 'close-up';

/** Fig. 4's analytic probes: fresh sparse stethoscopes on the frozen network after main training. */
export interface ProbeSettings {
  /** End points probed, in network order. */
  taps: string[];
  /** Epochs of probe training over the training towers (the paper: 50). */
  epochs: number;
  /** Non-zeros of every probe's sparse first layer (the same at every end point, at least the widest tap). */
  nonZeros: number;
  /** Hidden units of every probe. */
  hidden: number;
  /** Learning rate of the probes' RMSProp. */
  learningRate: number;
}

/** Everything a run needs besides the point's own choices. */
export interface RunSettings {
  /** Dataset folder (ShapeStacks layout with `manifest.jsonl`). */
  dataDir: string;
  /**
   * Folder of a larger dataset whose training split the run trains on instead of `dataDir`'s (the
   * profile's `allTowersTrainingTowers`); the run is still evaluated on `dataDir`'s test (or eval)
   * split, and its probes train on `dataDir`'s training split. Default: none (`dataDir` throughout).
   */
  trainingDataDir?: string;
  /** Registered model name. Quick: `inception-v4-small`; cpu: `tower-cnn`; paper: `inception-v4`. */
  model: 'inception-v4-small' | 'inception-v4' | 'tower-cnn';
  /** Further fields of the model's configuration (e.g. tower-cnn's `widths`); default none. */
  modelConfig?: Record<string, unknown>;
  /** Input side (px); the images are resized to it. */
  imageSize: number;
  /** Framing of the rendered towers (used when the data is generated). */
  framing: TowerFraming;
  /** Cameras used (ShapeStacks numbers 1, 4, 7, 10). */
  cameras: number[];
  /** Epochs of main training. */
  epochs: number;
  /** Batch size. Paper: 32. */
  batchSize: number;
  /** Pixel scaling of the inputs: `raw` 0..255 (ShapeStacks), `centered` -1..1. */
  pixelScale: 'raw' | 'centered';
  /** Main network optimiser. */
  optimizer: OptimizerSettings;
  /** Probability of a random horizontal flip of each training image (0: none; ShapeStacks: 0.5). */
  flipProbability: number;
  /**
   * Evaluate with batch statistics instead of batch norm's moving averages. TF-slim's moving averages
   * (decay 0.9997) are still near their initial values after a few hundred steps; a momentum of 0.99
   * tracks them.
   */
  testWithBatchStatistics: boolean;
  /**
   * Split the reported accuracies come from: `test`, or `eval` to choose settings without looking at
   * the test split.
   */
  evaluateOn: 'test' | 'eval';
  /**
   * After main training, before evaluation and the analyses: replace batch norm's moving mean and
   * variance by their mean over this many shuffled training batches of the main split
   * (@steth/core's `recalibrateBatchNorm`). Absent or 0: keep the moving averages. Moving averages
   * trail the weights, and on the eval split they made easy accuracy swing by up to 0.28 from one
   * epoch to the next; recalibrated, it rose steadily. Needs `batchNorm`.
   */
  recalibrateBatchNorm?: number;
  /** Learning rate of the stethoscope's RMSProp (decay 0.9, epsilon 1e-7). */
  stethoscopeLearningRate: number;
  /** Hidden units of the stethoscope MLP. */
  stethoscopeHidden: number;
  /** Batch norm after every convolution (ShapeStacks trained without). */
  batchNorm: boolean;
  /** Dropout keep probability before the logit (1 removes it). */
  dropoutKeepProb: number;
  /** Fig. 4's probes. */
  probes: ProbeSettings;
  /** Fig. 7: epochs the stethoscope keeps training on the frozen network. */
  recoveryEpochs: number;
}

/** The stethoscope attached during main training. */
export interface PointStethoscope {
  /** Supplemental task: local stability (Fig. 6) or the origin of global instability (Fig. 5). */
  task: 'local' | 'origin';
  /** End point it listens to. */
  tap: string;
  /** Weight lambda (0 analytic, > 0 auxiliary, < 0 adversarial with flipped labels). */
  lambda: number;
}

/** One sweep point: a training run's configuration, without the seed. */
export interface TowerPoint {
  /** Towers the main network trains on (global stability labels). */
  trainSplit: TrainSplit;
  /** The stethoscope; null for the main network alone. It trains on towers of every category. */
  stethoscope: PointStethoscope | null;
  /** After training: Fig. 4's probes at every end point. */
  probes: boolean;
  /** After training: Fig. 7's recovery of the stethoscope on the frozen network. */
  recovery: boolean;
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
  /** The stethoscope's accuracy on all test towers (NaN without one). */
  stethoscopeAccuracy: number;
  /** Main accuracy on the training batches of the last epoch. */
  trainAccuracy: number;
  /** Wall time of the run (s). */
  seconds: number;
  /**
   * Analyses, flat so runs aggregate metric by metric: `probe/<task>/<tap>`,
   * `control/<task>/<tap>` and `chance/<task>` (Fig. 4), `recovery/<epoch>`
   * (Fig. 7).
   */
  [metric: string]: number;
}

export const CATEGORIES: readonly TowerCategory[] = ['A', 'B', 'C', 'D'];

/** Stable id of a point (the sweep's resume key); figures that need the same run share it. */
export function pointId(
  point: Pick<TowerPoint, 'trainSplit' | 'stethoscope' | 'probes' | 'recovery'>,
): string {
  const s = point.stethoscope;
  const steth = s ? `-${s.task}@${s.tap}-lambda=${s.lambda}` : '';
  const after = `${point.probes ? '+probes' : ''}${point.recovery ? '+recovery' : ''}`;
  return `${point.trainSplit}${steth}${after}`;
}
