#!/usr/bin/env node
/**
 * Prints the production bundle's size after `vite build`: every file of
 * dist/ raw and gzipped, the JavaScript total, and the data asset apart.
 * Fails when the JavaScript grows past a budget, so a second bundled copy
 * of TensorFlow.js (or a stray dependency) does not slip in unnoticed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
/** Budget for all JavaScript, gzipped: tfjs with its webgl, cpu and wasm backends is most of it. */
const JS_BUDGET_GZIP = 700 * 1024;

const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else files.push(path);
  }
};
walk(dist);
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
let jsRaw = 0;
let jsGzip = 0;
let allRaw = 0;
for (const path of files.sort()) {
  const raw = statSync(path).size;
  const gzip = gzipSync(readFileSync(path)).length;
  allRaw += raw;
  if (path.endsWith('.js')) {
    jsRaw += raw;
    jsGzip += gzip;
  }
  console.log(`${relative(dist, path).padEnd(52)} ${kb(raw).padStart(11)}  gzip ${kb(gzip).padStart(10)}`);
}
console.log(`JavaScript total: ${kb(jsRaw)}, gzip ${kb(jsGzip)} (budget ${kb(JS_BUDGET_GZIP)} gzip)`);
console.log(`Site total (with the MNIST asset): ${kb(allRaw)}`);
if (jsGzip > JS_BUDGET_GZIP) {
  console.error(`bundle-size: JavaScript is ${kb(jsGzip)} gzipped, over the ${kb(JS_BUDGET_GZIP)} budget.`);
  process.exit(1);
}
