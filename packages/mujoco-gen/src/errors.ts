/**
 * Typed errors of @steth/mujoco-gen. This package does not depend on
 * @steth/core (which needs tfjs), so it has its own small hierarchy; each
 * message says what was wrong, what was expected and what to do, and the
 * original failure travels as `cause`.
 */

/** Base class of every error @steth/mujoco-gen throws on purpose. */
export class TowerGenError extends Error {
  override name = 'TowerGenError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An option of the generator or sampler is outside what it accepts. */
export class InvalidTowerOptionError extends TowerGenError {
  override name = 'InvalidTowerOptionError';
}

/** MuJoCo's WebAssembly build could not be loaded or refused a model. */
export class PhysicsError extends TowerGenError {
  override name = 'PhysicsError';
}
