import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, StethError } from './index';

describe('@steth/errors', () => {
  it('StethError keeps its message, name and cause', () => {
    const cause = new RangeError('inner');
    const error = new StethError('Batch size 0 is not allowed. Expected >= 1.', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StethError');
    expect(error.message).toBe('Batch size 0 is not allowed. Expected >= 1.');
    expect(error.cause).toBe(cause);
  });

  it('InvalidArgumentError is a StethError with its own name', () => {
    const error = new InvalidArgumentError('lambda is NaN');
    expect(error).toBeInstanceOf(StethError);
    expect(error.name).toBe('InvalidArgumentError');
    expect(String(error)).toBe('InvalidArgumentError: lambda is NaN');
  });

  it('a subclass declared elsewhere is caught by the root', () => {
    class DownstreamError extends StethError {
      override name = 'DownstreamError';
    }
    const thrown = (() => {
      try {
        throw new DownstreamError('x');
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(StethError);
    expect((thrown as Error).name).toBe('DownstreamError');
  });
});
