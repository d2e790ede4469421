import { describe, expect, it } from 'vitest';
import { errorLine } from './error-line';
import { LabError } from './errors';

const fsError = (code: string, syscall: string, path?: string) =>
  Object.assign(new Error(`${code}: something, ${syscall} '${path}'`), { code, syscall, path });

describe('errorLine', () => {
  it('gives a typed error its message on one line', () => {
    expect(errorLine(new LabError('the sweep failed:\n  twice'))).toBe('the sweep failed: twice');
    expect(errorLine(new RangeError('--seeds must be a positive integer, got "0"'))).toBe(
      '--seeds must be a positive integer, got "0"',
    );
  });

  it('turns a filesystem error into the path and the cause, also from a cause chain', () => {
    expect(errorLine(fsError('ENOSPC', 'write', '/data/x.png'))).toBe(
      'cannot write /data/x.png: no space left on the device; free some space and rerun the same command (it resumes) (ENOSPC)',
    );
    expect(errorLine(fsError('EACCES', 'open', '/etc/shadow'))).toMatch(
      /^cannot open \/etc\/shadow: permission denied;/,
    );
    const wrapped = new Error('writing the report', { cause: fsError('EROFS', 'rename', '/ro/a.png') });
    expect(errorLine(wrapped)).toMatch(
      /^cannot rename \/ro\/a\.png: the file system is read-only; .*\(EROFS\)$/,
    );
  });

  it('calls anything else unexpected, on one line, without the stack', () => {
    const line = errorLine(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(line).toBe(
      "unexpected error: Cannot read properties of undefined (reading 'x') (set STETH_DEBUG=1 to see the stack, and please report it)",
    );
  });
});
