/**
 * The raw results of a sweep as JSON lines, one finished run a line. Each
 * line is appended with one write followed by fsync, so an interrupted sweep
 * leaves at most one torn last line, which the reader drops (and the next
 * append first cuts off). Resuming skips the (point, seed) pairs found here.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';

/** One finished run. */
export interface RunRecord<P = unknown> {
  /** Id of the sweep point. */
  pointId: string;
  /** The sweep point's configuration. */
  point: P;
  /** Seed of this run. */
  seed: number;
  /** Measured metrics, by name. */
  metrics: Record<string, number>;
  /** Wall time of the run in seconds. */
  seconds: number;
  /** ISO time the run finished. */
  finishedAt: string;
}

/** Key of a (point, seed) pair. */
export const runKey = (pointId: string, seed: number) => `${pointId}#${seed}`;

/** Reads a run log; a torn last line (no newline or bad JSON) is ignored. Missing file: no runs. */
export function readRunLog<P>(path: string): { runs: RunRecord<P>[]; validBytes: number } {
  if (!existsSync(path)) return { runs: [], validBytes: 0 };
  const text = readFileSync(path, 'utf8');
  const runs: RunRecord<P>[] = [];
  let offset = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    if (end < 0) break;
    const line = text.slice(offset, end);
    if (line.trim() !== '') {
      try {
        runs.push(JSON.parse(line) as RunRecord<P>);
      } catch {
        break;
      }
    }
    offset = end + 1;
  }
  return { runs, validBytes: Buffer.byteLength(text.slice(0, offset)) };
}

/** Appends runs to a log, cutting off a torn last line first. */
export function createRunLogWriter(path: string): { append(run: RunRecord<unknown>): void } {
  const { validBytes } = readRunLog(path);
  if (existsSync(path)) truncateSync(path, validBytes);
  return {
    append(run) {
      const fd = openSync(path, 'a');
      try {
        writeSync(fd, `${JSON.stringify(run)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}
