#!/usr/bin/env node
// Builds the C++ addon with node-gyp at install. A machine without a C++
// toolchain must still install: on failure this prints one line, records why
// in build/build-error.txt (read by nativeAvailability()), and exits 0.
// `--strict` (the build:addon script) exits non-zero instead.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync, rmSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const strict = process.argv.includes('--strict');
const errorFile = join(root, 'build', 'build-error.txt');

function fail(reason, detail) {
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(errorFile, `${reason}\n${detail ?? ''}`);
  console.warn(
    `@steth/tfjs-backend-native: native addon not built (${reason}); the backend will report itself unavailable.`,
  );
  process.exit(strict ? 1 : 0);
}

let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] });
} catch {
  fail('node-gyp is not installed');
}

const args = [gyp, 'rebuild', '--release', '-j', 'max'];
// Build against the headers of the running Node when they are installed
// beside it (as Debian's and the official tarballs' are), so nothing is
// downloaded.
const prefix = resolve(dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'common.gypi'))) {
  args.push(`--nodedir=${prefix}`);
}
rmSync(errorFile, { force: true });
const started = Date.now();
const r = spawnSync(process.execPath, args, {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
if (r.error || r.status !== 0) {
  const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const firstError =
    log.split('\n').find((l) => /error|not found|No such file/i.test(l)) ?? 'node-gyp failed';
  fail(r.error ? r.error.message : firstError.trim().slice(0, 200), log);
}
console.log(
  `@steth/tfjs-backend-native: native addon built in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
