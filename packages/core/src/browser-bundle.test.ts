/**
 * @steth/core's main entry is browser-safe: it bundles with esbuild for
 * `platform: 'browser'` (TensorFlow.js external) with no Node built-in in
 * it. A top-level `import 'node:fs'` anywhere in the main entry's graph
 * makes esbuild fail here ("Could not resolve").
 */
import { describe, expect, it } from 'vitest';
import { bundleCoreForBrowser } from '../test/browser-bundle';

const NODE_BUILTINS =
  /\b(?:from|import|require)\s*\(?\s*["'](?:node:)?(?:fs|fs\/promises|module|path|url|crypto|os|child_process|worker_threads|util|stream|buffer)["']/;

describe.each(['src', 'dist'] as const)('the browser bundle of the main entry (from %s)', (from) => {
  it('builds for platform=browser, leaving only TensorFlow.js to the page', async () => {
    const bundle = await bundleCoreForBrowser(from);
    expect(bundle.warnings).toEqual([]);
    expect(bundle.externalImports.length).toBeGreaterThan(0);
    for (const path of bundle.externalImports) expect(path).toMatch(/^@tensorflow\//);
    // The error root is bundled in from @steth/errors; no node entry file is.
    expect(bundle.inputs.some((i) => i.includes('errors/'))).toBe(true);
    expect(bundle.inputs.filter((i) => /backend-loader|checkpoint-file|\/node\//.test(i))).toEqual([]);
    expect(bundle.code).not.toMatch(NODE_BUILTINS);
    expect(bundle.code).toContain('createStethoscopeTrainer');
  });
});

describe('the node-built-in check', () => {
  it('matches the import forms it must catch', () => {
    expect(`import { readFile } from "node:fs/promises";`).toMatch(NODE_BUILTINS);
    expect(`const m = require("module");`).toMatch(NODE_BUILTINS);
    expect(`import { createHash } from 'crypto';`).toMatch(NODE_BUILTINS);
    expect(`import * as tf from "@tensorflow/tfjs";`).not.toMatch(NODE_BUILTINS);
  });
});
