/**
 * tfjs-core's own jasmine op tests, run against the `native` backend for
 * every op whose kernel it overrides (see tfjs-core/run-op-tests.mjs). The
 * suite runs once while this file is collected; every jasmine spec then
 * becomes one test here, so CI's counts include them. Needs the package
 * built (`pnpm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OP_TEST_FILES } from './tfjs-core/op-test-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface SpecResult {
  file: string;
  name: string;
  status: string;
  message: string;
}
interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  files: Record<string, { passed: number; failed: number }>;
  failures: string[];
  specs: SpecResult[];
}

function runSuite(): SuiteResult | { error: string } {
  if (!existsSync(join(root, 'dist', 'index.cjs'))) {
    return { error: 'dist/index.cjs is missing: run `pnpm build` before the tfjs-core op tests.' };
  }
  const run = spawnSync(process.execPath, [join(root, 'test', 'tfjs-core', 'run-op-tests.mjs')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STETH_THREADS: '2' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as SuiteResult;
  } catch {
    return { error: `the runner printed no result (exit ${run.status}): ${run.stderr.slice(-2000)}` };
  }
}

const result = runSuite();

describe('tfjs-core op tests against the native backend', () => {
  if ('error' in result) {
    it('ran', () => {
      throw new Error(result.error);
    });
    return;
  }
  console.log(
    `tfjs-core op tests on native: ${result.passed} passed, ${result.failed} failed, ${result.pending} pending, in ${Object.keys(result.files).length} files`,
  );

  it('ran more than 800 specs from every listed file, none failing', () => {
    for (const file of OP_TEST_FILES) expect(result.files[file]?.passed ?? 0, file).toBeGreaterThan(0);
    expect(result.passed).toBeGreaterThan(800);
    expect(result.failures).toEqual([]);
  });

  describe.each(OP_TEST_FILES)('%s', (file) => {
    for (const spec of result.specs.filter((s) => s.file === file)) {
      // jasmine's own skips (xit, excluded) stay skips here.
      const run = spec.status === 'pending' || spec.status === 'excluded' ? it.skip : it;
      run(spec.name, () => {
        expect(spec.status, spec.message).toBe('passed');
      });
    }
  });
});
