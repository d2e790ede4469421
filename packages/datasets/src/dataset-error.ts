/**
 * The error every `@steth/datasets` reader throws on bad input: it names the
 * file or value that was wrong, what was expected, and what to do. (This
 * package does not depend on TensorFlow.js, so it does not use
 * `@steth/core`; its root, StethError, comes from the dependency-free
 * `@steth/errors`, so `instanceof StethError` catches it too.)
 */
import { StethError } from '@steth/errors';

export class DatasetError extends StethError {
  override name = 'DatasetError';
  /** The file the error is about, when there is one. */
  readonly file: string | undefined;
  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.file = options.file;
  }
}
