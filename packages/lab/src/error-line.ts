/**
 * The one error handler of the command-line tools (`steth`, and the
 * reproductions' own binaries): every failure becomes one line on stderr
 * and exit code 1. Typed errors give their message; a filesystem error
 * anywhere in the cause chain gives the path and the cause (`EACCES`,
 * `EROFS`, `ENOSPC`, `ENOTDIR` ...) with what to do; anything else is an
 * unexpected error, whose stack is printed only with `STETH_DEBUG=1`.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';

/** What a filesystem error code means, and what to do about it. */
const FILESYSTEM_CAUSES: Record<string, string> = {
  EACCES: 'permission denied; choose a path you can write to, or fix its permissions',
  EPERM: 'operation not permitted; choose a path you can write to',
  EROFS: 'the file system is read-only; choose a folder on a writable disk',
  ENOSPC: 'no space left on the device; free some space and rerun the same command (it resumes)',
  EDQUOT: 'disk quota exceeded; free some space and rerun the same command (it resumes)',
  ENOTDIR: 'a part of the path is a file, not a folder; choose another path',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'it already exists as a file; choose another path',
  ENOENT: 'it does not exist',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files; raise the limit (ulimit -n) or use fewer workers',
  EIO: 'input/output error on the disk',
};

const VERBS: Record<string, string> = {
  mkdir: 'create the folder',
  open: 'open',
  write: 'write',
  read: 'read',
  rename: 'rename',
  unlink: 'delete',
  rmdir: 'delete the folder',
  scandir: 'list the folder',
  stat: 'reach',
  lstat: 'reach',
  access: 'reach',
  copyfile: 'copy',
  fsync: 'write',
  ftruncate: 'truncate',
};

interface ErrnoLike {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

/** The filesystem error of the cause chain, if any. */
export function findFilesystemError(error: unknown): ErrnoLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    const e = current as Partial<ErrnoLike> & { cause?: unknown };
    if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && (e.syscall || e.path))
      return e as ErrnoLike;
    current = e.cause;
  }
  return undefined;
}

/**
 * Node 20's recursive mkdir reports ENOENT when a parent cannot be created
 * (read-only file system, no permission): the real cause is why the
 * deepest existing ancestor is not writable.
 */
function mkdirCause(path: string): ErrnoLike | undefined {
  let ancestor = dirname(path);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  try {
    accessSync(ancestor, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? { code, syscall: 'mkdir', path } : undefined;
  }
}

/** Names of built-in errors that mean a bug, not bad input or a bad environment. */
const BUG_NAMES = new Set(['Error', 'TypeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError']);

/** Whether an error was thrown on purpose with a message for the user (a typed error or an option's RangeError). */
function isUserFacing(error: unknown): error is Error {
  return error instanceof Error && (error instanceof RangeError || !BUG_NAMES.has(error.name));
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** The one line the CLI prints for `error` (without the program name). */
export function errorLine(error: unknown): string {
  if (isUserFacing(error)) return oneLine(error.message);
  let fs = findFilesystemError(error);
  if (fs?.syscall === 'mkdir' && fs.code === 'ENOENT' && fs.path) fs = mkdirCause(fs.path) ?? fs;
  if (fs) {
    const verb = (fs.syscall && VERBS[fs.syscall]) ?? fs.syscall ?? 'use';
    const where = fs.path ? ` ${fs.path}${fs.dest ? ` -> ${fs.dest}` : ''}` : '';
    const cause = FILESYSTEM_CAUSES[fs.code] ?? 'filesystem error';
    return `cannot ${verb}${where}: ${cause} (${fs.code})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${oneLine(message)} (set STETH_DEBUG=1 to see the stack, and please report it)`;
}

/**
 * Prints `error` as one line, `<program>: <line>`, and sets exit code 1.
 * With `STETH_DEBUG=1` the stack of an unexpected error follows.
 */
export function reportCliError(program: string, error: unknown): void {
  process.stderr.write(`${program}: ${errorLine(error)}\n`);
  if (process.env.STETH_DEBUG === '1' && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exitCode = 1;
}
