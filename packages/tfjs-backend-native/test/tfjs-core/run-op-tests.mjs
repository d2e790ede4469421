#!/usr/bin/env node
/**
 * Runs tfjs-core's own op tests (`@tensorflow/tfjs-core/dist/ops/*_test.js`,
 * jasmine) against the `native` backend, the way tfjs checks its backends.
 * Those files are ES modules in a package Node loads as CommonJS, so esbuild
 * bundles them (with tfjs-core's sources) into one CommonJS file first; the
 * bundled copy of tfjs-core shares the engine and kernel registry with the
 * installed one through tfjs's globals. Prints one JSON line:
 * {passed, failed, pending, files: {name: {passed, failed}}, failures: [...],
 *  specs: [{file, name, status, message}]}.
 *
 * Usage: node test/tfjs-core/run-op-tests.mjs [file-stem ...]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { OP_TEST_FILES } from './op-test-files.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(join(root, 'package.json'));

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : OP_TEST_FILES;
const coreDir = dirname(require.resolve('@tensorflow/tfjs-core/package.json'));
const outDir = join(root, 'node_modules', '.cache', 'tfjs-core-tests');
mkdirSync(outDir, { recursive: true });

const entry = [
  `const { setTestEnvs } = require(${JSON.stringify(join(coreDir, 'dist', 'jasmine_util.js'))});`,
  `setTestEnvs([{ name: 'native', backendName: 'native', isDataSync: true }]);`,
  ...files.map(
    (f) =>
      `globalThis.__stethSpecFile = ${JSON.stringify(f)}; require(${JSON.stringify(join(coreDir, 'dist', 'ops', `${f}.js`))});`,
  ),
].join('\n');
const entryFile = join(outDir, 'entry.cjs');
writeFileSync(entryFile, entry);
const bundle = join(outDir, 'bundle.cjs');
await build({
  entryPoints: [entryFile],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: bundle,
  logLevel: 'error',
  // The installed tfjs (and so the registered backend) stays external; only
  // tfjs-core's ESM dist, which holds the tests, is bundled.
  external: [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-core',
    'jasmine-core',
    'jasmine',
    'node-fetch',
    'fs',
    'path',
    'worker_threads',
    'util',
  ],
});

const Jasmine = require('jasmine');
const runner = new Jasmine({ projectBaseDir: root });
runner.exitOnCompletion = false;
runner.loadConfig({ spec_files: [], random: false });

const perFile = {};
const failures = [];
const specs = [];
const specFile = new Map();
let passed = 0;
let failed = 0;
let pending = 0;
runner.env.clearReporters();
runner.env.addReporter({
  specDone(result) {
    const file = specFile.get(result.id) ?? 'unknown';
    perFile[file] ??= { passed: 0, failed: 0 };
    specs.push({
      file,
      name: result.fullName,
      status: result.status,
      message: result.failedExpectations[0]?.message?.slice(0, 400) ?? '',
    });
    if (result.status === 'passed') {
      passed++;
      perFile[file].passed++;
    } else if (result.status === 'failed') {
      failed++;
      perFile[file].failed++;
      failures.push(
        `${file}: ${result.fullName}: ${result.failedExpectations[0]?.message ?? ''}`.slice(0, 400),
      );
    } else pending++;
  },
});

// Load the backend (built dist, as a user would get it), then the specs.
const backendEntry = join(root, 'dist', 'index.cjs');
const { nativeAvailability } = require(backendEntry);
const status = nativeAvailability();
if (!status.available) {
  console.log(
    JSON.stringify({ passed: 0, failed: 1, pending: 0, files: {}, failures: [status.reason], specs: [] }),
  );
  process.exit(1);
}
// Remember which file defined each spec.
const originalIt = globalThis.it;
globalThis.it = function it(...args) {
  const spec = originalIt.apply(this, args);
  specFile.set(spec.id, globalThis.__stethSpecFile);
  return spec;
};
const originalFit = globalThis.fit;
globalThis.fit = globalThis.it;
require(bundle);
globalThis.fit = originalFit;
await runner.execute();
console.log(JSON.stringify({ passed, failed, pending, files: perFile, failures, specs }));
