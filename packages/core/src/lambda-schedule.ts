/**
 * Schedules for the stethoscope weight lambda of Eq. 1 (paper Section 3):
 * the sign selects the mode (0 analytic, > 0 auxiliary, < 0 adversarial),
 * and a schedule may move it over training steps, even across zero.
 * Offers constant, linear ramp, the DANN ramp `2 / (1 + exp(-10 p)) - 1`
 * (Ganin et al. 2016) and any user function of the step.
 */
import { InvalidArgumentError } from './errors';

/** lambda as a function of the zero-based training step. */
export type LambdaSchedule = (step: number) => number;

/** A fixed lambda or a schedule. */
export type LambdaSpec = number | LambdaSchedule;

/** Which mode a lambda value puts a stethoscope in. */
export type StethoscopeMode = 'analytic' | 'auxiliary' | 'adversarial';

/** The mode that the sign of lambda selects (paper Section 3). */
export function modeOf(lambda: number): StethoscopeMode {
  if (lambda > 0) return 'auxiliary';
  if (lambda < 0) return 'adversarial';
  return 'analytic';
}

/** The same lambda at every step. */
export function constantLambda(value: number): LambdaSchedule {
  assertFinite(value, 'constantLambda value');
  return () => value;
}

export interface RampLambdaConfig {
  /** lambda at and before `startStep`. */
  from: number;
  /** lambda at and after `endStep`. */
  to: number;
  /** First step of the ramp (default 0). */
  startStep?: number;
  /** Step at which `to` is reached. Must be > startStep. */
  endStep: number;
}

/** Linear ramp from `from` to `to` between two steps; may cross zero. */
export function rampLambda(config: RampLambdaConfig): LambdaSchedule {
  const { from, to, startStep = 0, endStep } = config;
  assertFinite(from, 'rampLambda from');
  assertFinite(to, 'rampLambda to');
  if (!(endStep > startStep)) {
    throw new InvalidArgumentError(
      `rampLambda: endStep (${endStep}) must be greater than startStep (${startStep}).`,
    );
  }
  return (step) => {
    if (step <= startStep) return from;
    if (step >= endStep) return to;
    return from + ((to - from) * (step - startStep)) / (endStep - startStep);
  };
}

export interface DannLambdaConfig {
  /** lambda reached at the end of training, with its sign (e.g. -1 for adversarial). */
  scale: number;
  /** Steps over which progress p goes from 0 to 1. */
  totalSteps: number;
  /** Steepness (default 10, as in Ganin et al. 2016). */
  gamma?: number;
}

/** The DANN warm-up: `scale * (2 / (1 + exp(-gamma * p)) - 1)`, p = step / totalSteps clipped to 1. */
export function dannLambda(config: DannLambdaConfig): LambdaSchedule {
  const { scale, totalSteps, gamma = 10 } = config;
  assertFinite(scale, 'dannLambda scale');
  assertFinite(gamma, 'dannLambda gamma');
  if (!(totalSteps > 0)) {
    throw new InvalidArgumentError(`dannLambda: totalSteps must be > 0, got ${totalSteps}.`);
  }
  return (step) => {
    const p = Math.min(Math.max(step / totalSteps, 0), 1);
    return scale * (2 / (1 + Math.exp(-gamma * p)) - 1);
  };
}

/**
 * lambda at `step` for a number or a schedule. A non-finite value (NaN,
 * Infinity) is an {@link InvalidArgumentError} naming the stethoscope.
 */
export function resolveLambda(spec: LambdaSpec, step: number, owner = 'stethoscope'): number {
  const value = typeof spec === 'function' ? spec(step) : spec;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(
      `lambda of ${owner} at step ${step} is ${String(value)}; expected a finite number. ` +
        'Check the lambda schedule: it must return a finite number for every step.',
    );
  }
  return value;
}

function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) {
    throw new InvalidArgumentError(`${what} must be a finite number, got ${value}.`);
  }
}
