/** Typed errors of @steth/lab: what was wrong, what was expected, what to do. */

/** Base class of every error the lab throws on purpose. */
export class LabError extends Error {
  override name = 'LabError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A sweep was stopped (Ctrl-C or an abort signal) before every run finished; rerun to resume. */
export class SweepInterruptedError extends LabError {
  override name = 'SweepInterruptedError';
}
