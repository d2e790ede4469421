/**
 * Throughput of the tower pipeline, one thread, stage by stage: sampling
 * (with exact labels) and MuJoCo simulation, in towers per second, over a
 * balanced set. The baseline measured in the same run is the simulation of
 * a fixed two-cube tower for a fixed 1 s (no early stop), so the ratios are
 * comparable across loaded and idle machines. Also projects the time for the
 * paper's 4,000 towers on 2 worker threads (rendering not included: the
 * renderer is measured by its own benchmark).
 *
 * Usage: node bench/throughput.mjs [towers=200]   (after pnpm build)
 */
import {
  DENSITY,
  loadMujoco,
  objectQuaternion,
  planTower,
  sampleTower,
  simulateTower,
  TOWER_CATEGORIES,
} from '../dist/index.js';

const n = Number(process.argv[2] ?? 200);
const mujoco = await loadMujoco();

const cube = (edge, x, z) => ({
  shape: 'cuboid',
  size: [edge, edge, edge],
  lying: false,
  yawDeg: 0,
  position: [x, 0, z],
  quaternion: objectQuaternion(0, false),
  mass: DENSITY * edge ** 3,
  color: [1, 0, 0],
});
const fixed = [cube(1, 0, 0.5), cube(0.8, 0.1, 1.4)];
const baselineRuns = 20;
simulateTower(mujoco, fixed, { duration: 1, settleSpeed: 0 });
let t0 = performance.now();
for (let i = 0; i < baselineRuns; i++) simulateTower(mujoco, fixed, { duration: 1, settleSpeed: 0 });
const baselinePerSecond = baselineRuns / ((performance.now() - t0) / 1000);

const plans = Array.from({ length: n }, (_, i) => planTower(i, TOWER_CATEGORIES, [2, 3, 4, 5, 6]));
t0 = performance.now();
const towers = plans.map((p, index) => sampleTower({ ...p, seed: 1, index }));
const samplePerSecond = n / ((performance.now() - t0) / 1000);

t0 = performance.now();
let steps = 0;
let agreed = 0;
for (const tower of towers) {
  const outcome = simulateTower(mujoco, tower.objects);
  steps += outcome.steps;
  if (outcome.collapsed === !tower.labels.globallyStable) agreed++;
}
const simulatePerSecond = n / ((performance.now() - t0) / 1000);

const projected = (4000 / samplePerSecond + 4000 / simulatePerSecond) / 2;
const rows = [
  ['baseline: 2 cubes, 1 s fixed', baselinePerSecond, 1],
  ['sampling + exact labels', samplePerSecond, samplePerSecond / baselinePerSecond],
  ['MuJoCo check (early stop)', simulatePerSecond, simulatePerSecond / baselinePerSecond],
];
console.log(`tower throughput, 1 thread, ${n} balanced towers (A-D, heights 2-6)`);
for (const [name, rate, ratio] of rows)
  console.log(
    `${name.padEnd(32)} ${rate.toFixed(1).padStart(9)} towers/s  ${ratio.toFixed(2).padStart(7)} x baseline`,
  );
console.log(
  `mean simulated time per tower     ${((steps / n) * 0.003).toFixed(2)} s (${(steps / n).toFixed(0)} steps)`,
);
console.log(`agreement on this set             ${agreed}/${n}`);
console.log(
  `projected 4000 towers, 2 threads  ${projected.toFixed(1)} s for sampling + simulation (target for all stages incl. rendering: 180 s)`,
);
