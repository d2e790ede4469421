/**
 * Typed errors of @steth/lab: what was wrong, what was expected, what to do.
 * They descend from `StethError` (@steth/errors), the one error root of
 * Steth, so `instanceof StethError` catches the lab's errors too.
 */
import { StethError } from '@steth/errors';

/** Base class of every error the lab throws on purpose. */
export class LabError extends StethError {
  override name = 'LabError';
}

/** A sweep was stopped (Ctrl-C or an abort signal) before every run finished; rerun to resume. */
export class SweepInterruptedError extends LabError {
  override name = 'SweepInterruptedError';
}
