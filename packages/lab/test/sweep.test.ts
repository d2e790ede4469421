/** The sweep runner with a toy worker in real worker processes (needs the lab built: `pnpm test` builds first). */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRunLog } from '../src/run-log';
import { runSweep } from '../src/sweep';

const workerScript = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'toy-worker.mjs');
const points = [0, 1, 2].map((x) => ({ id: `x=${x}`, point: { x } }));
const SWEEP_TIMEOUT = 60_000;

describe('runSweep', () => {
  it(
    'runs every (point, seed) pair in two worker processes and records the metrics',
    async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'steth-sweep-'));
      const result = await runSweep({
        outDir,
        workerScript,
        points,
        seeds: [0, 1],
        workers: 2,
        progress: false,
      });
      expect(result.ran).toBe(6);
      const values = result.runs.map((r) => `${r.pointId}/${r.seed}=${r.metrics.value}`).sort();
      expect(values).toEqual(['x=0/0=0', 'x=0/1=1', 'x=1/0=10', 'x=1/1=11', 'x=2/0=20', 'x=2/1=21']);
      const pids = new Set(result.runs.map((r) => r.metrics.pid));
      expect(pids.size).toBe(2);
      expect(pids.has(process.pid)).toBe(false);
      expect(readRunLog(join(outDir, 'runs.jsonl')).runs).toHaveLength(6);
      expect(JSON.parse(readFileSync(join(outDir, 'config.json'), 'utf8')).seeds).toEqual([0, 1]);
    },
    SWEEP_TIMEOUT,
  );

  it(
    'resumes an interrupted sweep, running only the pairs not yet recorded',
    async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'steth-sweep-'));
      const slow = points.map((p) => ({ ...p, point: { ...p.point, sleepMs: 300 } }));
      const controller = new AbortController();
      const first = runSweep({
        outDir,
        workerScript,
        points: slow,
        seeds: [0, 1, 2],
        workers: 1,
        progress: false,
        signal: controller.signal,
        onRun: (_run, done) => {
          if (done === 2) controller.abort();
        },
      });
      await expect(first).rejects.toThrow(
        /interrupted after 2 of 9 runs.*Run the same command again to resume/,
      );
      const recorded = readRunLog(join(outDir, 'runs.jsonl')).runs;
      expect(recorded).toHaveLength(2);
      const second = await runSweep({
        outDir,
        workerScript,
        points: slow,
        seeds: [0, 1, 2],
        workers: 2,
        progress: false,
      });
      expect(second.skipped).toBe(2);
      expect(second.ran).toBe(7);
      const keys = second.runs.map((r) => `${r.pointId}#${r.seed}`);
      expect(new Set(keys).size).toBe(9);
      // The two runs of the first call were kept, not redone.
      for (const r of recorded) expect(second.runs).toContainEqual(r);
    },
    SWEEP_TIMEOUT,
  );

  it('refuses to resume a folder holding a sweep with other settings', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'steth-sweep-'));
    await runSweep({
      outDir,
      workerScript,
      points: [points[0]!],
      seeds: [0],
      settings: { lr: 1 },
      progress: false,
    });
    await expect(
      runSweep({
        outDir,
        workerScript,
        points: [points[0]!],
        seeds: [0],
        settings: { lr: 2 },
        progress: false,
      }),
    ).rejects.toThrow(/holds runs made with other settings: lr 1 -> 2\. Resuming would mix results/);
  });

  it('keeps every valid run after a damaged line of runs.jsonl and warns with its line number', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'steth-sweep-'));
    const options = { outDir, workerScript, points, seeds: [0], workers: 1, progress: false };
    await runSweep(options);
    const log = join(outDir, 'runs.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    writeFileSync(log, [lines[0], '{"pointId":"x=1","se', lines[1], lines[2], ''].join('\n'));
    const warnings: string[] = [];
    const resumed = await runSweep({ ...options, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([`${log}:2 is not a valid run record; skipped (that run is done again).`]);
    expect(resumed.skipped).toBe(3);
    expect(resumed.ran).toBe(0);
  });

  it('refuses recorded runs made with other settings even when config.json is gone', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'steth-sweep-'));
    const oneEpoch = [{ id: 'p', point: { x: 1, settings: { epochs: 1 } } }];
    await runSweep({ outDir, workerScript, points: oneEpoch, seeds: [0], progress: false });
    rmSync(join(outDir, 'config.json'));
    const twoEpochs = [{ id: 'p', point: { x: 1, settings: { epochs: 2 } } }];
    await expect(
      runSweep({ outDir, workerScript, points: twoEpochs, seeds: [0], progress: false }),
    ).rejects.toThrow(
      /runs\.jsonl \(p, seed 0\) holds runs made with other settings: settings\.epochs 1 -> 2/,
    );
    // A run that records no settings is refused too.
    appendFileSync(join(outDir, 'runs.jsonl'), '{"pointId":"q","seed":0,"metrics":{"value":1}}\n');
    await expect(
      runSweep({ outDir, workerScript, points: [{ id: 'q', point: { x: 2 } }], seeds: [0], progress: false }),
    ).rejects.toThrow(/\(q, seed 0\) holds runs made with other settings: the run records no settings/);
  });

  it('names a corrupt config.json and says what to do', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'steth-sweep-'));
    writeFileSync(join(outDir, 'config.json'), '{"settings": {"lr');
    await expect(runSweep({ outDir, workerScript, points, seeds: [0], progress: false })).rejects.toThrow(
      /config\.json is corrupt \(.*\); it records the sweep's settings\. Delete it and rerun/,
    );
  });

  it('reports a failing run with its message', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'steth-sweep-'));
    await expect(
      runSweep({
        outDir,
        workerScript,
        points: [{ id: 'bad', point: { x: 7, fail: true } }],
        seeds: [0],
        progress: false,
      }),
    ).rejects.toThrow(/A sweep run failed: toy failure at x=7/);
    expect(readRunLog(join(outDir, 'runs.jsonl')).runs).toEqual([]);
    expect(existsSync(join(outDir, 'config.json'))).toBe(true);
  });
});
