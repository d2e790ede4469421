/**
 * The whole pipeline as the paper's data needs it: N towers (default 4,000)
 * sampled, checked in MuJoCo and rendered from 4 cameras at 224 x 224 on 2
 * worker threads (the renderer loaded by each worker through the generator's
 * render-module hook), plus the contact sheet. Prints wall time, the
 * process's CPU time (the fair figure on a shared machine), towers/s and
 * peak RSS. Writes to a temporary folder and deletes it.
 *
 * Usage: node bench/end-to-end.mjs [towers=4000] [workers=2]   (after pnpm build)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTowers } from '../dist/index.js';
import { writeTowerContactSheet } from '../dist/render/index.js';

const count = Number(process.argv[2] ?? 4000);
const workers = Number(process.argv[3] ?? 2);
const outDir = await mkdtemp(join(tmpdir(), 'steth-e2e-'));
let peakRss = 0;
const timer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 250);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
try {
  const result = await generateTowers({
    outDir,
    count,
    workers,
    imageSize: 224,
    cameras: [0, 1, 2, 3],
    render: {}, // the built-in renderer, renderTower
    contactSheet: writeTowerContactSheet,
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${count} towers x 4 cameras at 224 x 224, ${workers} workers: ${wall.toFixed(1)} s wall, ${(count / wall).toFixed(1)} towers/s`,
  );
  console.log(
    `CPU time ${cpuSeconds.toFixed(1)} s (${((100 * cpuSeconds) / wall).toFixed(0)}% of one core); on ${workers} free cores about ${(cpuSeconds / workers).toFixed(1)} s`,
  );
  console.log(
    `agreement ${result.agreement.agreed}/${result.agreement.simulated}, ${result.blacklisted} dropped; peak RSS ${(peakRss / 1e6).toFixed(0)} MB`,
  );
} finally {
  clearInterval(timer);
  await rm(outDir, { recursive: true, force: true });
}
