import { StethError } from '@steth/errors';
import { describe, expect, it } from 'vitest';
import { LabError, SweepInterruptedError } from './errors';

describe("the lab's errors", () => {
  it('descend from the one Steth error root, keep their names and carry the cause', () => {
    const cause = new Error('redis down');
    const error = new LabError('Could not reach Redis', { cause });
    expect(error).toBeInstanceOf(StethError);
    expect(error.name).toBe('LabError');
    expect(error.cause).toBe(cause);
    const interrupted = new SweepInterruptedError('stopped');
    expect(interrupted).toBeInstanceOf(LabError);
    expect(interrupted).toBeInstanceOf(StethError);
    expect(interrupted.name).toBe('SweepInterruptedError');
  });
});
