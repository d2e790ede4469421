/**
 * The one error root of Steth. Every package (core, models, datasets,
 * mujoco-gen) throws subclasses of {@link StethError}, so a caller can catch
 * everything Steth throws on purpose with one `instanceof`, whichever
 * package it came from. Not from the paper. This package has no
 * dependencies and no platform code, so any package (and a browser) can use
 * it without pulling in TensorFlow.js or Node built-ins.
 */

/**
 * Base class of every error Steth throws on purpose. Its message says what
 * was wrong, what was expected and what to do; the original failure travels
 * as `cause`.
 */
export class StethError extends Error {
  override name = 'StethError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An argument or configuration value is outside what the API accepts. */
export class InvalidArgumentError extends StethError {
  override name = 'InvalidArgumentError';
}
