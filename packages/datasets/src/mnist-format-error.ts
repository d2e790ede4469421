/**
 * The error the MNIST reader throws for a missing, truncated, corrupt or
 * inconsistent IDX file. Its message starts with the file's path.
 */
import { DatasetError } from './dataset-error';

/** An MNIST IDX file is missing, truncated, corrupt or inconsistent with its partner file. */
export class MnistFormatError extends DatasetError {
  override name = 'MnistFormatError';
  /** The file the problem was found in. */
  declare readonly file: string;
  constructor(file: string, message: string, options: { cause?: unknown } = {}) {
    super(`${file}: ${message}`, { file, cause: options.cause });
  }
}
