/**
 * Agreement between the geometric global label and MuJoCo on a balanced set
 * (categories A-D, heights 2-6), one thread. Runs the check as the generator
 * does (early stop at collapse or when settled) and, with --full, also for
 * the full 5 s with no early stop, to show the shortcut changes no verdict.
 *
 * Usage: node bench/agreement.mjs [towers=1000] [--full]   (after pnpm build)
 */
import { loadMujoco, planTower, sampleTower, simulateTower, TOWER_CATEGORIES } from '../dist/index.js';

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
const full = args.includes('--full');
const seed = 2024;
const mujoco = await loadMujoco();
const per = {};
const disagreements = [];
let agreed = 0;
let agreedFull = 0;
let verdictChanges = 0;
const start = performance.now();
for (let index = 0; index < n; index++) {
  const plan = planTower(index, TOWER_CATEGORIES, [2, 3, 4, 5, 6]);
  const tower = sampleTower({ ...plan, seed, index });
  const outcome = simulateTower(mujoco, tower.objects);
  const ok = outcome.collapsed === !tower.labels.globallyStable;
  const key = `${plan.category}`;
  per[key] ??= { towers: 0, agreed: 0 };
  per[key].towers++;
  if (ok) {
    agreed++;
    per[key].agreed++;
  } else {
    disagreements.push({
      index,
      category: plan.category,
      height: plan.height,
      stop: outcome.stop,
      time: outcome.time,
      maxTopSpeed: outcome.maxTopSpeed,
    });
  }
  if (full) {
    const long = simulateTower(mujoco, tower.objects, { duration: 5, settleSpeed: 0 });
    if (long.collapsed === !tower.labels.globallyStable) agreedFull++;
    if (long.collapsed !== outcome.collapsed) {
      verdictChanges++;
      console.log(
        `  early stop changed the verdict: ${JSON.stringify({ index, category: plan.category, early: outcome.stop, full: long.stop, fullTime: long.time })}`,
      );
    }
    if (long.collapsed === tower.labels.globallyStable) {
      console.log(
        `  full run disagrees: ${JSON.stringify({ index, category: plan.category, height: plan.height, top: tower.objects.at(-1).shape, time: long.time })}`,
      );
    }
  }
}
console.log(
  `agreement, seed ${seed}, ${n} balanced towers: ${agreed}/${n} = ${((100 * agreed) / n).toFixed(2)}% (early stop)`,
);
for (const [c, v] of Object.entries(per)) console.log(`  category ${c}: ${v.agreed}/${v.towers}`);
if (full)
  console.log(
    `full 5 s runs: ${agreedFull}/${n} = ${((100 * agreedFull) / n).toFixed(2)}%; verdicts changed by the early stop: ${verdictChanges}`,
  );
for (const d of disagreements) console.log(`  disagrees: ${JSON.stringify(d)}`);
console.log(`${((performance.now() - start) / 1000).toFixed(1)} s`);
