/**
 * The raw results of a sweep as JSON lines, one finished run a line. Each
 * line is appended with one write followed by fsync, so an interrupted sweep
 * leaves at most one torn last line, which the reader drops (and the next
 * append first cuts off). A damaged line elsewhere costs only that run: the
 * reader keeps every valid line and reports the bad ones by line number.
 * Resuming skips the (point, seed) pairs found here.
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

/** What {@link readRunLog} found. */
export interface RunLogContents<P> {
  /** Every valid run, in file order. */
  runs: RunRecord<P>[];
  /** Bytes up to the end of the last complete (newline-terminated) line. */
  validBytes: number;
  /** 1-based numbers of complete lines that are not a run record (torn last lines are not counted). */
  badLines: number[];
}

function isRunRecord(value: unknown): value is RunRecord {
  const r = value as RunRecord;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.pointId === 'string' &&
    Number.isInteger(r.seed) &&
    typeof r.metrics === 'object' &&
    r.metrics !== null
  );
}

/**
 * Reads a run log. A torn last line (no newline) is ignored; any other line
 * that is not a run record is listed in `badLines` and skipped, and the
 * lines after it are still read. Missing file: no runs.
 */
export function readRunLog<P>(path: string): RunLogContents<P> {
  if (!existsSync(path)) return { runs: [], validBytes: 0, badLines: [] };
  const text = readFileSync(path, 'utf8');
  const runs: RunRecord<P>[] = [];
  const badLines: number[] = [];
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    if (end < 0) break;
    lineNumber++;
    const line = text.slice(offset, end);
    if (line.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      if (isRunRecord(parsed)) runs.push(parsed as RunRecord<P>);
      else badLines.push(lineNumber);
    }
    offset = end + 1;
  }
  return { runs, validBytes: Buffer.byteLength(text.slice(0, offset)), badLines };
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
