/**
 * Settings of one MNIST-hints training run (paper Appendix B) and of the
 * sweep points. Every field has a default; the profiles in profiles.ts pick
 * them. The optimiser decides whether the shortcut the paper starts from
 * appears at all: with SGD + momentum 0.9 (lr 0.02) the network trained on
 * perfect hints (q_h = 1, lambda = 0) follows the hint; with Adam or RMSProp
 * at lr 1e-3 the image path is learnt first and the hint is never followed.
 * So SGD with momentum is the default here.
 */

/** Optimiser of a parameter group. */
export interface OptimizerSettings {
  /** `'sgd-momentum'` (default), `'adam'`, `'rmsprop'` or `'sgd'`. */
  name: 'sgd-momentum' | 'adam' | 'rmsprop' | 'sgd';
  /** Learning rate; default 0.02 for the main network. */
  learningRate: number;
  /** Momentum of `'sgd-momentum'`; default 0.9. */
  momentum?: number;
}

/** Settings shared by every run of a sweep of one variant. */
export interface RunSettings {
  /** 1: one-hot hint (Fig. 8a); 2: hint pixels (Fig. 8b). */
  variant: 1 | 2;
  /** Training images: the first `trainSize` of the MNIST training set; default 2000 (quick) / 10000 (paper). */
  trainSize: number;
  /** Test images: the first `testSize` of the MNIST test set; default 2000 (quick) / 10000 (paper). */
  testSize: number;
  /** Passes over the training images; default 3 (quick) / 6 (paper). */
  epochs: number;
  /** Batch size; default 64. */
  batchSize: number;
  /** Optimiser of the main network; default SGD with momentum 0.9, lr 0.02. */
  optimizer: OptimizerSettings;
  /** Optimiser of the stethoscope; default RMSProp (the paper's optimiser), lr 1e-3 for variant 1 and 0.01 for variant 2 (whose 100-way hint is hard to read from the hidden layer at 1e-3). */
  stethoscopeOptimizer: OptimizerSettings;
  /** Hidden units of the stethoscope (a two-layer perceptron); default 64. */
  stethoscopeHidden: number;
  /** Variant 1: filters of the two convolutions; default `[4, 8]` (small: the pure-JS backend is slow). */
  convFilters: [number, number];
  /** Variant 1: kernel size of the convolutions; default 3. */
  kernelSize: number;
  /** Variant 1: units of the two dense layers; default `[64, 64]` (quick) / `[256, 256]` (paper, as in the paper). */
  denseUnits: [number, number];
  /** Variant 2: hidden units of the MLP; default 128. */
  hiddenUnits: number;
  /** Variant 2: pixels in each hint pattern; default 12 (with 4 the MLP hardly uses the hint, so there is nothing to suppress). */
  hintPixels: number;
}

/** One sweep point: a hint quality and a stethoscope weight. */
export interface MnistHintsPoint {
  /** 1 or 2. */
  variant: 1 | 2;
  /** Hint quality q_h in training. */
  qh: number;
  /** Stethoscope weight lambda (< 0 adversarial, 0 analytic, > 0 auxiliary). */
  lambda: number;
  /** The run settings (shared by all points of a variant). */
  settings: RunSettings;
}

/** The metrics of one run (all on the test set, whose hints are independent of the digits). */
export interface MnistHintsMetrics {
  /** (a) accuracy against the true digit labels (Fig. 9a / Fig. 10). */
  trueAccuracy: number;
  /** (b) agreement of the network's prediction with the hint's digit (Fig. 9b). */
  hintAgreement: number;
  /** (c) the stethoscope's own accuracy at predicting the hint class. */
  stethoscopeAccuracy: number;
  /** Variant 1: final value of the hint encoder's scalar (0 hides the hint). */
  hintScale?: number;
  /** Training accuracy on the last epoch's batches. */
  trainAccuracy: number;
}

/** Point id, stable across runs (the resume key). */
export const pointId = (p: Pick<MnistHintsPoint, 'variant' | 'qh' | 'lambda'>) =>
  `v${p.variant}_qh${p.qh}_lambda${p.lambda}`;
