/**
 * Atomic file writes for the dataset generator: write to a temporary file
 * beside the target, then rename over it, so an interrupted run never
 * leaves a half-written file (a rename within one folder is atomic).
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

let counter = 0;

/** Whether a file name is one of {@link writeFileAtomic}'s temporary files (`<name>.tmp-<pid>-<n>`). */
export function isTemporaryFile(name: string): boolean {
  return /\.tmp-\d+-\d+$/.test(name);
}

/** Writes `data` to `path` atomically, creating the folder if needed. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${counter++}`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    // Name the file the caller asked for, not the temporary one.
    const e = error as NodeJS.ErrnoException;
    if (e.path === temp || e.path === undefined) e.path = path;
    throw error;
  }
}
