/** serveTrialWorker in real worker processes (needs the lab built: `pnpm test` builds first). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../src/sweep';

const workerScript = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'trial-worker.mjs');
const points = [0, 1, 2].map((x) => ({ id: `x=${x}`, point: { x } }));
const SWEEP_TIMEOUT = 120_000;

describe('serveTrialWorker', () => {
  it(
    'loads the backend (STETH_BACKEND) once per worker process, then runs every trial on it',
    async () => {
      const result = await runSweep({
        outDir: mkdtempSync(join(tmpdir(), 'steth-trial-')),
        workerScript,
        points,
        seeds: [0, 1],
        workers: 1,
        progress: false,
        env: { ...process.env, STETH_BACKEND: 'cpu' },
      });
      expect(result.ran).toBe(6);
      const values = result.runs.map((r) => `${r.pointId}/${r.seed}=${r.metrics.value}`).sort();
      expect(values).toEqual(['x=0/0=0', 'x=0/1=1', 'x=1/0=10', 'x=1/1=11', 'x=2/0=20', 'x=2/1=21']);
      expect(new Set(result.runs.map((r) => r.metrics.pid)).size).toBe(1);
      for (const run of result.runs) expect(run.metrics).toMatchObject({ cpu: 1, reports: 1 });
    },
    SWEEP_TIMEOUT,
  );

  it(
    "fails the trial with the loader's error when the backend cannot be loaded",
    async () => {
      await expect(
        runSweep({
          outDir: mkdtempSync(join(tmpdir(), 'steth-trial-')),
          workerScript,
          points: [points[0]!],
          seeds: [0],
          workers: 1,
          progress: false,
          env: { ...process.env, STETH_BACKEND: 'cuda' },
        }),
      ).rejects.toThrow(/A sweep run failed: Unknown backend "cuda" \(from \$STETH_BACKEND\)/);
    },
    SWEEP_TIMEOUT,
  );
});
