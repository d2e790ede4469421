/**
 * Typed errors of @steth/datasets. Each says what was wrong, what was
 * expected and what to do; an underlying failure travels as `cause`.
 */

/** Base class of every error @steth/datasets throws on purpose. */
export class DatasetError extends Error {
  override name = 'DatasetError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An MNIST IDX file is missing, truncated, corrupt or inconsistent with its partner file. */
export class MnistFormatError extends DatasetError {
  override name = 'MnistFormatError';
  /** The file the problem was found in. */
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.file = file;
  }
}
