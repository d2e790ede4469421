/**
 * Synchronous atomic file writes for a sweep's outputs (config, CSV,
 * results, figures, report): the data goes to a temporary file beside the
 * target, is flushed, and is renamed over it, so a full disk or a kill
 * leaves the previous file or none, never a truncated one. (The tower
 * generator's writer in @steth/mujoco-gen is asynchronous and the lab does
 * not depend on that package.)
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

let counter = 0;

/** Writes `data` to `path` atomically; an error names `path`, not the temporary file. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temp = `${path}.tmp-${process.pid}-${counter++}`;
  try {
    const fd = openSync(temp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      let offset = 0;
      while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    const e = error as NodeJS.ErrnoException;
    if (e.path === temp || e.path === undefined) e.path = path;
    throw error;
  }
}
