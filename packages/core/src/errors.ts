/**
 * Typed errors for every Steth package. Each says what was wrong, what was
 * expected, and what to do; the original failure travels as `cause`.
 */

/** Base class of every error Steth throws on purpose. */
export class StethError extends Error {
  override name = 'StethError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A requested TensorFlow.js backend is not installed or cannot load here. */
export class BackendUnavailableError extends StethError {
  override name = 'BackendUnavailableError';
}

/** An argument or configuration value is outside what the API accepts. */
export class InvalidArgumentError extends StethError {
  override name = 'InvalidArgumentError';
}
