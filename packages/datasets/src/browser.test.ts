/**
 * The browser build of @steth/datasets bundles with esbuild for
 * `platform: 'browser'` with no Node built-in in it, and holds what a
 * browser app needs for Appendix B (hints over in-memory MNIST bytes).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as browser from './browser';
import { MNIST_PIXELS } from './mnist-split';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_BUILTINS =
  /\b(?:from|import|require)\s*\(?\s*["'](?:node:)?(?:fs|fs\/promises|module|path|url|crypto|os|zlib|child_process|worker_threads)["']/;

describe.each([
  ['src', join(packageDir, 'src', 'browser.ts')],
  ['dist', join(packageDir, 'dist', 'browser.js')],
])('the browser build (from %s)', (from, entry) => {
  it('bundles for platform=browser without Node built-ins', async () => {
    if (!existsSync(entry))
      throw new Error(`${entry} does not exist: run \`pnpm --filter @steth/datasets build\`.`);
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: from === 'src' ? ['@steth/source'] : [],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(result.warnings).toEqual([]);
    expect(code).not.toMatch(NODE_BUILTINS);
    expect(code).toContain('createMnistHints');
    expect(code).not.toContain('loadMnist');
  });
});

describe('the browser build', () => {
  it('plants Appendix B hints in MNIST bytes the app supplies', () => {
    const count = 20;
    const base = {
      split: 'train' as const,
      count,
      images: new Uint8Array(count * MNIST_PIXELS),
      labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
    };
    const one = browser.createMnistHints(base, { variant: 1, hintQuality: 1 });
    expect(Array.from(one.hints)).toEqual(Array.from(base.labels));
    const two = browser.createMnistHints(base, { variant: 2, hintQuality: 1 });
    const batch = two.batches({ batchSize: count }).next().value!;
    for (let i = 0; i < count; i++) {
      expect(batch.hintDigits[i]).toBe(base.labels[i]);
      const pattern = two.hintPattern(batch.hints[i]!);
      expect(pattern).toHaveLength(4);
      for (const p of pattern) expect(batch.images[i * MNIST_PIXELS + p]).toBe(1);
    }
  });
});
