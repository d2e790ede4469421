/**
 * The public types of the stethoscope trainer (stethoscope-trainer.ts):
 * its configuration, a batch, a prediction and the trainer's interface.
 * Types only; re-exported by stethoscope-trainer.ts and the package index.
 */
import type * as tf from '@tensorflow/tfjs';
import type { LearningRateSpec } from './learning-rate-schedule';
import type { EvalRecord, MetricsListener, StepRecord } from './metrics';
import type { Stethoscope } from './stethoscope';
import type { TaskKind } from './stethoscope-losses';
import type { TappedModel } from './tap';
import type { EvaluateOptions } from './trainer-evaluation';
import type { TrainerState } from './trainer-state';

/** A custom main loss: `(yTrue, yPred) => scalar`. */
export type MainLossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** One batch. Labels may be left out per task to train on partially labelled data. */
export interface StethoscopeBatch {
  /** Model input(s). */
  x: tf.Tensor | tf.Tensor[];
  /** Main labels; omit to skip L_y for this batch. */
  y?: tf.Tensor;
  /** Stethoscope labels keyed by stethoscope name; a stethoscope without labels sits this batch out. */
  s?: Record<string, tf.Tensor>;
  /** One category per example (e.g. 'easy' / 'hard'); `evaluate` then reports accuracy per category. Ignored by `step`. */
  categories?: ArrayLike<string | number>;
}

/** Creates an optimiser; called once per parameter group. */
export type OptimizerFactory = () => tf.Optimizer;

export interface StethoscopeTrainerConfig {
  /** The main network f_theta; its output is logits for the built-in tasks. */
  model: tf.LayersModel;
  /**
   * Main task: `'binary'` (sigmoid CE), `'n-way'` (softmax CE, labels are
   * class indices) or `'regression'` (MSE) on the model's output, or a custom
   * loss function (no main accuracy then).
   */
  mainTask: TaskKind | MainLossFunction;
  /** Stethoscopes attached to `model` (see createStethoscope); names must be unique. Default none. */
  stethoscopes?: readonly Stethoscope[];
  /** Optimiser of theta (default RMSProp, learning rate 1e-3). */
  optimizer?: OptimizerFactory;
  /** Default optimiser of each psi (default RMSProp, learning rate 1e-3); a stethoscope's own `optimizer` wins. */
  stethoscopeOptimizer?: OptimizerFactory;
  /**
   * Learning rate of theta's optimiser: a number or a schedule of the epoch
   * (see learning-rate-schedule.ts), applied at creation and by
   * `trainer.setEpoch`. Default: leave the optimiser's own rate alone.
   */
  learningRate?: LearningRateSpec;
  /** As `learningRate`, for every psi optimiser. Default: leave their own rates alone. */
  stethoscopeLearningRate?: LearningRateSpec;
  /** k: stethoscope updates per main update; the first k-1 update psi only, on the same batch (default 1). */
  stethoscopeSteps?: number;
  /** Keep theta fixed and train only the stethoscopes, main model in inference mode (default false). */
  freezeMain?: boolean;
  /** Log the cosine between grad L_y and grad L_s at each tapped layer every step (default false; costs two extra backward passes per stethoscope). */
  gradientCosine?: boolean;
  /** Seed of the trainer's random stream (used for fresh stethoscopes; saved in checkpoints) (default 0). */
  seed?: number;
  /** Receives every metrics record (more with `trainer.onMetrics`). */
  onMetrics?: MetricsListener;
}

/** What `trainer.predict` returns; the caller disposes the tensors. */
export interface StethoscopePrediction {
  /** The main network's output (logits for the built-in tasks). */
  output: tf.Tensor;
  /** Each stethoscope's output (logits for classification), keyed by name. */
  stethoscopes: Record<string, tf.Tensor>;
}

/** Trains a main network and its stethoscopes. */
export interface StethoscopeTrainer {
  readonly model: tf.LayersModel;
  readonly stethoscopes: readonly Stethoscope[];
  /** The multi-output model serving all taps in one forward pass. */
  readonly tapped: TappedModel;
  /** Steps taken so far (the schedule position). */
  readonly stepCount: number;
  /** Whether theta is frozen. */
  readonly frozen: boolean;
  /** One training step (k stethoscope updates, one main update); returns and emits its record. */
  step(batch: StethoscopeBatch): StepRecord;
  /** Updates only psi on a batch (theta untouched); returns and emits a step record without advancing the step. */
  stethoscopeStep(batch: StethoscopeBatch): StepRecord;
  /**
   * Evaluates on one or more batches in inference mode (or on batch statistics, see
   * {@link EvaluateOptions}); returns and emits the record. A string is the record's `split`.
   */
  evaluate(
    batches: StethoscopeBatch | readonly StethoscopeBatch[],
    options?: string | EvaluateOptions,
  ): EvalRecord;
  /** As above, over an async stream of batches (each may be disposed once the next is requested); same record for the same batches. */
  evaluate(batches: AsyncIterable<StethoscopeBatch>, options?: string | EvaluateOptions): Promise<EvalRecord>;
  /** Main output and every stethoscope's output for `x`, in inference mode; changes no state. */
  predict(x: tf.Tensor | tf.Tensor[]): StethoscopePrediction;
  /** The epoch the learning-rate schedules are at (0 until `setEpoch`). */
  readonly epoch: number;
  /**
   * Moves the learning-rate schedules to a zero-based epoch and applies them
   * to every optimiser. The epoch is not part of `getState`: after restoring
   * a checkpoint into a new trainer, call `setEpoch` before training on.
   */
  setEpoch(epoch: number): void;
  /** Stethoscope by name (throws if unknown). */
  get(name: string): Stethoscope;
  /** Re-draws a stethoscope's psi from the trainer's random stream and resets its optimiser (a fresh probe). */
  resetStethoscope(name: string): void;
  /** Freeze or unfreeze theta. */
  setFrozen(frozen: boolean): void;
  /** Adds a listener; returns a function removing it. */
  onMetrics(listener: MetricsListener): () => void;
  /** Snapshot of everything needed to resume (tensors are copies owned by the caller). */
  getState(): Promise<TrainerState>;
  /** Restores a snapshot taken from a trainer of the same configuration. */
  setState(state: TrainerState): Promise<void>;
  /** Disposes the optimisers (not the model or stethoscopes, which the caller owns). */
  dispose(): void;
}
