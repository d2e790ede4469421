import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunLogWriter, readRunLog } from './run-log';

const record = (seed: number) => ({
  pointId: 'p',
  point: {},
  seed,
  metrics: { m: seed },
  seconds: 0,
  finishedAt: 't',
});

describe('run log', () => {
  it('appends one JSON line per run and reads them back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'steth-lab-')), 'runs.jsonl');
    const writer = createRunLogWriter(file);
    writer.append(record(1));
    writer.append(record(2));
    expect(readRunLog(file).runs.map((r) => r.seed)).toEqual([1, 2]);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
  });

  it('drops a torn last line, and the next writer cuts it off before appending', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'steth-lab-')), 'runs.jsonl');
    createRunLogWriter(file).append(record(1));
    appendFileSync(file, '{"pointId":"p","seed":2,"metr');
    expect(readRunLog(file).runs.map((r) => r.seed)).toEqual([1]);
    createRunLogWriter(file).append(record(3));
    expect(readRunLog(file).runs.map((r) => r.seed)).toEqual([1, 3]);
    expect(readFileSync(file, 'utf8')).not.toContain('metr\n');
  });

  it('keeps every valid line after a damaged one and reports its line number', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'steth-lab-')), 'runs.jsonl');
    const writer = createRunLogWriter(file);
    writer.append(record(1));
    appendFileSync(file, '{"pointId":"p","seed":2,"metr\n\n');
    writer.append(record(3));
    writer.append(record(4));
    appendFileSync(file, '{"not":"a run"}\n');
    const log = readRunLog(file);
    expect(log.runs.map((r) => r.seed)).toEqual([1, 3, 4]);
    expect(log.badLines).toEqual([2, 6]);
    createRunLogWriter(file).append(record(5));
    expect(readRunLog(file).runs.map((r) => r.seed)).toEqual([1, 3, 4, 5]);
  });

  it('reads a missing file as no runs', () => {
    expect(readRunLog('/nonexistent/runs.jsonl').runs).toEqual([]);
  });
});
