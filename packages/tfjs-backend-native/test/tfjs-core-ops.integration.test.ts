/**
 * tfjs-core's own jasmine op tests, run against the `native` backend for
 * every op whose kernel it overrides (see tfjs-core/run-op-tests.mjs).
 * Needs the package built (`pnpm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { OP_TEST_FILES } from './tfjs-core/op-test-files.mjs';

const SUITE_TIMEOUT_MS = 240_000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  files: Record<string, { passed: number; failed: number }>;
  failures: string[];
}

let result: SuiteResult;

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'index.cjs'))) {
    throw new Error('dist/index.cjs is missing: run `pnpm build` before the tfjs-core op tests.');
  }
  const run = spawnSync(process.execPath, [join(root, 'test', 'tfjs-core', 'run-op-tests.mjs')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STETH_THREADS: '2' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    result = JSON.parse(last) as SuiteResult;
  } catch {
    throw new Error(
      `the tfjs-core op test runner printed no result (exit ${run.status}): ${run.stderr.slice(-2000)}`,
    );
  }
  console.log(
    `tfjs-core op tests on native: ${result.passed} passed, ${result.failed} failed, ${result.pending} pending, in ${Object.keys(result.files).length} files`,
  );
}, SUITE_TIMEOUT_MS);

describe('tfjs-core op tests against the native backend', () => {
  it.each(OP_TEST_FILES)('%s: every spec passes', (file) => {
    const counts = result.files[file];
    const failures = result.failures.filter((f) => f.startsWith(`${file}:`));
    expect(counts?.passed ?? 0, `${file} ran no passing spec`).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect(counts?.failed).toBe(0);
  });

  it('ran more than 800 specs in all', () => {
    expect(result.passed).toBeGreaterThan(800);
    expect(result.failed).toBe(0);
  });
});
