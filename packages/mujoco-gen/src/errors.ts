/**
 * Typed errors of @steth/mujoco-gen. This package does not depend on
 * @steth/core (which needs tfjs); its small hierarchy hangs off the shared
 * root `StethError` from the dependency-free `@steth/errors`. Each message
 * says what was wrong, what was expected and what to do, and the original
 * failure travels as `cause`.
 */
import { StethError } from '@steth/errors';

/** Base class of every error @steth/mujoco-gen throws on purpose. */
export class TowerGenError extends StethError {
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
