/**
 * Cost of a parallel region: many small native ops that split over 2 threads
 * (Relu on 64K floats), wall and CPU time per op. On a loaded machine this is
 * where a pool that waits for every worker to wake loses its time.
 * Usage: node bench/region-overhead.mjs [ops]
 */
import * as tf from '@tensorflow/tfjs';
import { setNativeThreads } from '../dist/index.js';

const ops = Number(process.argv[2] ?? 4000);
await tf.setBackend('native');
setNativeThreads(2);
const x = tf.randomUniform([1 << 16]);
for (let i = 0; i < 200; i++) tf.dispose(tf.relu(x));
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < ops; i++) tf.dispose(tf.relu(x));
const wall = ((performance.now() - t0) / ops) * 1000;
const c = process.cpuUsage(c0);
console.log(
  JSON.stringify({ usPerOp: +wall.toFixed(1), cpuUsPerOp: +((c.user + c.system) / ops).toFixed(1) }),
);
