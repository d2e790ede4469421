/**
 * Learning-rate schedules of the optimisers of theta and psi, shaped like the
 * lambda schedules (lambda-schedule.ts) but a function of the zero-based
 * epoch: constant, per-epoch exponential decay (the paper trains with
 * RMSProp and a learning rate decayed by 0.975 each epoch), step decay, or
 * any user function. The trainer applies them through
 * {@link setOptimizerLearningRate}, the one place in core that writes a tfjs
 * optimiser's rate.
 */
import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';

/** Learning rate as a function of the zero-based epoch. */
export type LearningRateSchedule = (epoch: number) => number;

/** A fixed learning rate or a schedule. */
export type LearningRateSpec = number | LearningRateSchedule;

/** The same rate at every epoch. */
export function constantLearningRate(rate: number): LearningRateSchedule {
  assertPositive(rate, 'constantLearningRate rate');
  return () => rate;
}

export interface ExponentialDecayConfig {
  /** Rate at epoch 0. */
  initial: number;
  /** Factor per epoch, in (0, 1] (the paper uses 0.975). */
  decay: number;
}

/** `initial * decay ** epoch`. */
export function exponentialDecayLearningRate(config: ExponentialDecayConfig): LearningRateSchedule {
  const { initial, decay } = config;
  assertPositive(initial, 'exponentialDecayLearningRate initial');
  if (!(decay > 0 && decay <= 1)) {
    throw new InvalidArgumentError(`exponentialDecayLearningRate: decay must be in (0, 1], got ${decay}.`);
  }
  return (epoch) => initial * decay ** epoch;
}

export interface StepDecayConfig {
  /** Rate at epoch 0. */
  initial: number;
  /** Factor applied every `everyEpochs` epochs, in (0, 1]. */
  factor: number;
  /** Epochs between drops (a positive integer). */
  everyEpochs: number;
}

/** `initial * factor ** floor(epoch / everyEpochs)`. */
export function stepDecayLearningRate(config: StepDecayConfig): LearningRateSchedule {
  const { initial, factor, everyEpochs } = config;
  assertPositive(initial, 'stepDecayLearningRate initial');
  if (!(factor > 0 && factor <= 1)) {
    throw new InvalidArgumentError(`stepDecayLearningRate: factor must be in (0, 1], got ${factor}.`);
  }
  if (!Number.isInteger(everyEpochs) || everyEpochs < 1) {
    throw new InvalidArgumentError(
      `stepDecayLearningRate: everyEpochs must be a positive integer, got ${everyEpochs}.`,
    );
  }
  return (epoch) => initial * factor ** Math.floor(epoch / everyEpochs);
}

/**
 * The rate at `epoch` for a number or a schedule. A rate that is not a
 * positive finite number is an {@link InvalidArgumentError} naming `owner`.
 */
export function resolveLearningRate(spec: LearningRateSpec, epoch: number, owner = 'optimiser'): number {
  const value = typeof spec === 'function' ? spec(epoch) : spec;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(
      `The learning rate of ${owner} at epoch ${epoch} is ${String(value)}; expected a positive finite number. ` +
        'Check the learning-rate schedule.',
    );
  }
  return value;
}

/**
 * Sets an optimiser's learning rate. tfjs gives only SGD (and momentum) a
 * public `setLearningRate`; RMSProp, Adam and the others keep the rate in a
 * protected `learningRate` field that they read at every `applyGradients`.
 * This is the one place core writes that field, so a tfjs change that
 * renames it breaks here, loudly, and nowhere else.
 */
export function setOptimizerLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const target = optimizer as unknown as { setLearningRate?: (rate: number) => void; learningRate?: unknown };
  if (typeof target.setLearningRate === 'function') {
    target.setLearningRate(rate);
    return;
  }
  if (typeof target.learningRate !== 'number') {
    throw new InvalidArgumentError(
      `Cannot set the learning rate of a ${optimizer.getClassName()} optimiser: it has no numeric learningRate. ` +
        'Use one of tfjs\u2019s built-in optimisers (sgd, momentum, rmsprop, adam, adagrad, adadelta, adamax) or drop the learning-rate schedule.',
    );
  }
  target.learningRate = rate;
}

function assertPositive(value: number, what: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new InvalidArgumentError(`${what} must be a positive finite number, got ${value}.`);
  }
}
