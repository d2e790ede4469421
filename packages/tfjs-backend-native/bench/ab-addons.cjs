/**
 * A/B of two builds of the addon on the convolutions of the tower network
 * (the reproduction's cpu profile) and two odd shapes: calls alternate one
 * by one between the builds (so load on a shared machine hits both alike),
 * and each shape's outputs must be the same bits. Keep a build before a
 * kernel change (`cp build/Release/steth_native.node /tmp/a.node`), rebuild,
 * then:
 *
 *   THREADS=1 node bench/ab-addons.cjs /tmp/a.node build/Release/steth_native.node [fwd|bpIn|bpW]
 *
 * Prints the median ms of each build, B/A, and "bit-identical" or "DIFFERENT".
 */
const { resolve } = require('node:path');

const [fileA, fileB, which = 'bpW'] = process.argv.slice(2);
if (!fileA || !fileB) {
  console.error('usage: node bench/ab-addons.cjs A.node B.node [fwd|bpIn|bpW]');
  process.exit(2);
}
const A = require(resolve(fileA));
const B = require(resolve(fileB));
const threads = Number(process.env.THREADS ?? 1);
A.setThreads(threads);
B.setThreads(threads);
const fn = { fwd: 'conv2d', bpIn: 'conv2dBackpropInput', bpW: 'conv2dBackpropFilter' }[which];
if (!fn) throw new RangeError(`unknown kernel "${which}": fwd, bpIn or bpW`);

// [size, in channels, out channels, stride]: the tower's eight 3x3 SAME convs, then two odd ones
const shapes = [
  [112, 3, 16, 2],
  [56, 16, 16, 1],
  [28, 16, 32, 1],
  [28, 32, 32, 1],
  [14, 32, 64, 1],
  [14, 64, 64, 1],
  [7, 64, 128, 1],
  [7, 128, 128, 1],
  [9, 5, 7, 1],
  [33, 17, 20, 2],
];
const batch = 32;
let seed = 1;
const random = (n) =>
  Float32Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  });
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
let totalA = 0;
let totalB = 0;
for (const [size, inC, outC, stride] of shapes) {
  const out = Math.ceil(size / stride);
  const padTop = Math.floor(Math.max((out - 1) * stride + 3 - size, 0) / 2);
  const p = Int32Array.from([
    batch,
    size,
    size,
    inC,
    out,
    out,
    outC,
    3,
    3,
    stride,
    stride,
    1,
    1,
    padTop,
    padTop,
  ]);
  const x = random(batch * size * size * inC);
  const w = random(9 * inC * outC);
  const dy = random(batch * out * out * outC);
  const args = (o) => (which === 'fwd' ? [x, w, o, p] : which === 'bpIn' ? [dy, w, o, p] : [x, dy, o, p]);
  const n = which === 'fwd' ? dy.length : which === 'bpIn' ? x.length : w.length;
  const outA = new Float32Array(n);
  const outB = new Float32Array(n);
  A[fn](...args(outA));
  B[fn](...args(outB));
  const bitsA = new Uint32Array(outA.buffer);
  const bitsB = new Uint32Array(outB.buffer);
  const same = bitsA.every((v, i) => v === bitsB[i]);
  const ta = [];
  const tb = [];
  for (let i = 0; i < 21; i++) {
    let t = performance.now();
    A[fn](...args(outA));
    ta.push(performance.now() - t);
    t = performance.now();
    B[fn](...args(outB));
    tb.push(performance.now() - t);
  }
  totalA += median(ta);
  totalB += median(tb);
  console.log(
    `${size}x${size}x${inC}->${outC} s${stride}: A ${median(ta).toFixed(2)} ms, B ${median(tb).toFixed(2)} ms, B/A ${(median(tb) / median(ta)).toFixed(2)}, ${same ? 'bit-identical' : 'DIFFERENT'}`,
  );
}
console.log(
  `total: A ${totalA.toFixed(2)} ms, B ${totalB.toFixed(2)} ms, B/A ${(totalB / totalA).toFixed(3)}`,
);
