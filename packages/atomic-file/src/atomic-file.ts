/**
 * The one atomic file writer of Steth (Node only): checkpoints, model
 * weights, the tower dataset's files and images, and sweep outputs all go
 * through it. Not from the paper: it makes long runs resumable.
 *
 * A write goes to a temporary file beside the target (same folder, so the
 * rename cannot cross file systems), is flushed to disk (fsync), and is
 * renamed over the target; then the folder is fsynced so the rename itself
 * survives a power cut, where the platform supports that (not on Windows).
 * A crash, a kill or a full disk leaves the previous file, or none, never a
 * truncated one; a failed write removes its temporary file and throws the
 * original Node error with `path` naming the target.
 */
import { randomInt } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Configures {@link writeFileAtomic} and {@link writeFileAtomicSync}. */
export interface AtomicWriteOptions {
  /** Create the target's folder (and its parents) if missing (default false: a missing folder is an `ENOENT` error). */
  mkdir?: boolean;
}

/** Configures {@link writeFileAtomic}. */
export interface AsyncAtomicWriteOptions extends AtomicWriteOptions {
  /**
   * Called once the temporary file is complete and synced, just before it
   * replaces the target. Throwing aborts the write: the temporary file is
   * removed and the previous file stays. For crash tests and progress.
   */
  beforeCommit?: (temporaryPath: string) => void | Promise<void>;
}

/** Folder fsync errors that mean "not supported here" (Windows, some file systems), not a failed write. */
const UNSUPPORTED_DIR_SYNC = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP', 'EBADF']);

/** Whether a file name is one of this writer's temporary files (`<name>.tmp-<pid>-<random>`). */
export function isTemporaryFile(name: string): boolean {
  return /\.tmp-\d+-\d+$/.test(name);
}

function temporaryPathFor(path: string): string {
  return join(dirname(path), `${basename(path)}.tmp-${process.pid}-${randomInt(1_000_000_000)}`);
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** Makes an error about the temporary file name the target instead. */
function nameTarget(error: unknown, temporary: string, path: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && (e.path === temporary || e.path === undefined)) e.path = path;
  return error;
}

function isUnsupportedDirSync(error: unknown): boolean {
  return UNSUPPORTED_DIR_SYNC.has((error as NodeJS.ErrnoException).code ?? '');
}

/** Writes `data` to `path` atomically (see the module comment). */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AsyncAtomicWriteOptions = {},
): Promise<void> {
  if (options.mkdir) await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  let committed = false;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(toBytes(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeCommit?.(temporary);
    await rename(temporary, path);
    committed = true;
  } catch (error) {
    throw nameTarget(error, temporary, path);
  } finally {
    if (!committed) await rm(temporary, { force: true }).catch(() => {});
  }
  await syncFolder(dirname(path));
}

/** The synchronous form of {@link writeFileAtomic}, for code that cannot await. */
export function writeFileAtomicSync(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  if (options.mkdir) mkdirSync(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  let committed = false;
  try {
    const fd = openSync(temporary, 'w');
    try {
      const bytes = toBytes(data);
      let offset = 0;
      while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    committed = true;
  } catch (error) {
    throw nameTarget(error, temporary, path);
  } finally {
    if (!committed) {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // the folder itself is unusable; there is no temporary file to remove
      }
    }
  }
  syncFolderSync(dirname(path));
}

async function syncFolder(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!isUnsupportedDirSync(error)) throw error;
  } finally {
    await handle?.close();
  }
}

function syncFolderSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    if (!isUnsupportedDirSync(error)) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
