/**
 * Typed errors of @steth/core. The root, `StethError`, and the shared
 * `InvalidArgumentError` live in `@steth/errors` (one error root for every
 * Steth package) and are re-exported here, so `instanceof` works whichever
 * package they are imported from. Each message says what was wrong, what was
 * expected, and what to do; the original failure travels as `cause`.
 */
import { InvalidArgumentError, StethError } from '@steth/errors';

export { InvalidArgumentError, StethError } from '@steth/errors';

/** A requested TensorFlow.js backend is not installed or cannot load here. */
export class BackendUnavailableError extends StethError {
  override name = 'BackendUnavailableError';
}

/** A checkpoint or weights container could not be read: truncated, corrupted or of another kind. */
export class CheckpointError extends StethError {
  override name = 'CheckpointError';
}

/** A stethoscope was given to a trainer for a model other than the one its tap belongs to. */
export class StethoscopeModelMismatchError extends InvalidArgumentError {
  override name = 'StethoscopeModelMismatchError';
}

/** A training step's loss was NaN or infinite: the run diverged, and going on would only train on NaNs. */
export class TrainingDivergedError extends StethError {
  override name = 'TrainingDivergedError';
}
