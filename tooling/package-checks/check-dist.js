#!/usr/bin/env node
/**
 * Fails if a package's dist/ holds a bundled copy of TensorFlow.js or
 * MuJoCo. Both must stay external: a second tfjs engine in one process
 * breaks kernel registration, and mujoco-js is large and loaded lazily.
 * Run from a package folder, after its build.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const signatures = [
  { what: 'tfjs-core (its kernel registry)', pattern: /function\s+registerKernel\s*\(/ },
  { what: 'mujoco-js (its WebAssembly loader)', pattern: /mujoco_wasm\.wasm/ },
];

const dist = join(process.cwd(), 'dist');
if (!existsSync(dist)) {
  console.error(`steth-check-dist: ${dist} does not exist; build the package first`);
  process.exit(1);
}
const problems = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.(c|m)?js$/.test(entry.name)) {
      const text = readFileSync(path, 'utf8');
      for (const s of signatures) if (s.pattern.test(text)) problems.push(`${path} bundles ${s.what}`);
    }
  }
};
walk(dist);
if (problems.length > 0) {
  console.error(
    `${problems.join('\n')}\nMark the package external in the tsup preset (tooling/tsup-config).`,
  );
  process.exit(1);
}
console.log(`steth-check-dist: no bundled tfjs or mujoco-js in ${dist}`);
