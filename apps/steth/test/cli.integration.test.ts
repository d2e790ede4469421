/** Runs the built `steth` binary the way a user does (the test command builds it first). */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const env = { ...process.env, STETH_BACKEND: '' };

describe('steth CLI', () => {
  it('doctor reports the node version, the chosen backend with a reason, and the CPU', async () => {
    const { stdout } = await run('node', [cli, 'doctor', '--json'], { env });
    const report = JSON.parse(stdout);
    expect(report.node).toBe(process.version);
    expect(report.backend.reason).toMatch(/\S/);
    expect(report.backend.candidates.map((c: { choice: string }) => c.choice)).toEqual([
      'tensorflow-gpu',
      'tensorflow',
      'native',
      'cpu',
    ]);
    expect(report.cpu.threads).toBeGreaterThan(0);
  });

  it('doctor prints one line per rejected backend, and nothing on stderr', async () => {
    const { stdout, stderr } = await run('node', [cli, 'doctor'], { env });
    expect(stdout).toMatch(/^node\s+v20/m);
    expect(stdout).toMatch(/^backend\s+/m);
    expect(stderr).toBe('');
  });

  it('doctor shows the native kernels and their thread count when native is chosen', async () => {
    const { stdout } = await run('node', [cli, 'doctor'], {
      env: { ...env, STETH_BACKEND: 'native', STETH_THREADS: '1' },
    });
    expect(stdout).toMatch(/^backend\s+native /m);
    expect(stdout).toMatch(/^kernels\s+(avx512|avx2|portable), 1 threads/m);
  });

  it('a forced, unavailable backend fails with the install hint and exit code 1', async () => {
    const failure = await run('node', [cli, 'doctor'], {
      env: { ...env, STETH_BACKEND: 'tensorflow' },
    }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/Backend "tensorflow" was requested but is unavailable/);
    expect(failure.stderr).toMatch(/npm install @tensorflow\/tfjs-node@4\.22\.0/);
  });

  it('demo runs the core README example in three modes; the adversarial one hides the nuisance', async () => {
    const { stdout } = await run('node', [cli, 'demo', '--steps', '200', '--json'], { env });
    const result = JSON.parse(stdout);
    expect(result.steps).toBe(200);
    const [analytic, auxiliary, adversarial] = result.rows;
    expect(result.rows.map((r: { mode: string }) => r.mode)).toEqual([
      'analytic',
      'auxiliary',
      'adversarial',
    ]);
    for (const row of result.rows) expect(row.mainAccuracy).toBeGreaterThan(0.85);
    expect(auxiliary.nuisanceAccuracy).toBeGreaterThan(analytic.nuisanceAccuracy);
    expect(adversarial.nuisanceAccuracy).toBeLessThan(analytic.nuisanceAccuracy);
  });

  it('rejects a bad option with a clear message', async () => {
    const failure = await run('node', [cli, 'demo', '--steps', '-3'], { env }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/--steps must be a positive integer, got -3/);
  });
});
