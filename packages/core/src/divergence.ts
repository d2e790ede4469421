/**
 * The divergence check of a training loop: once a step's main loss is NaN
 * or infinite, every later step trains on NaNs, so the run is stopped with a
 * typed error that says where it happened and what to do. Not from the
 * paper: the reproductions' adversarial sweeps reach lambdas (and learning
 * rates) at which a run can blow up.
 */
import { TrainingDivergedError } from './errors';
import type { StepRecord } from './metrics';

/** What the message of a {@link TrainingDivergedError} says besides the loss and the step. */
export interface DivergenceContext {
  /** The run that diverged, e.g. `v1_qh1_lambda-1, seed 3`: the message then reads `at step N of <run>`. */
  run?: string;
  /** What to do about it; default `lower the learning rate`. */
  advice?: string;
}

/**
 * Throws a {@link TrainingDivergedError} when the step's main loss is NaN or
 * infinite. A step without a main loss (`mainLoss` null: no main labels, or
 * theta frozen) passes, as do the stethoscopes' losses, which are not checked.
 */
export function assertFiniteLoss(
  record: Pick<StepRecord, 'step' | 'mainLoss'>,
  context: DivergenceContext = {},
): void {
  const loss = record.mainLoss;
  if (loss === null || Number.isFinite(loss)) return;
  const run = context.run === undefined ? '' : ` of ${context.run}`;
  throw new TrainingDivergedError(
    `Training diverged (main loss ${loss}) at step ${record.step}${run}; ${context.advice ?? 'lower the learning rate'}.`,
  );
}
