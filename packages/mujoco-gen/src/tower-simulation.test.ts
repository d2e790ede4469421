import { beforeAll, describe, expect, it } from 'vitest';
import { buildTower, cube } from '../test/hand-built';
import { towerToMjcf } from './mjcf-writer';
import { loadMujoco, type MujocoModule } from './mujoco-loader';
import { TOWER_CATEGORIES } from './stability-labels';
import { sampleTower } from './tower-sampler';
import { simulateTower } from './tower-simulation';

let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
});

describe('MJCF and the MuJoCo check', () => {
  it('writes MJCF that MuJoCo loads, with one free body per object and the right masses', () => {
    const tower = sampleTower({ category: 'C', height: 5, seed: 2, index: 7 });
    const xml = towerToMjcf('env_test', tower.objects);
    expect(xml).toMatch(/timestep="0.003" solver="Newton" cone="elliptic"/);
    expect(xml).toMatch(/condim="6"/);
    mujoco.FS.writeFile('/mjcf-test.xml', xml);
    const model = mujoco.MjModel.loadFromXML('/mjcf-test.xml');
    try {
      expect(model.nbody).toBe(6); // world + 5
      expect(model.nq).toBe(5 * 7);
      const masses = Array.from(model.body_mass as Float64Array).slice(1);
      for (const [i, m] of masses.entries()) expect(m).toBeCloseTo(tower.objects[i]?.mass ?? 0, 6);
    } finally {
      model.delete();
      mujoco.FS.unlink('/mjcf-test.xml');
    }
  });

  it('keeps a straight stack standing and topples an overhang', () => {
    const standing = simulateTower(mujoco, buildTower([cube(1, 0), cube(0.8, 0.1), cube(0.6, 0.15)]));
    expect(standing.collapsed).toBe(false);
    expect(standing.topDisplacement).toBeLessThan(0.01);
    const falling = simulateTower(mujoco, buildTower([cube(1, 0), cube(0.8, 0.1), cube(0.6, 0.55)]));
    expect(falling.collapsed).toBe(true);
    expect(falling.stop).toBe('collapse');
  });

  it('holds a counterbalanced (category C) stack, as the global label says', () => {
    const slab = { shape: 'cuboid', size: [1, 1, 0.3], x: 0.6, y: 0 } as const;
    expect(simulateTower(mujoco, buildTower([cube(1, 0), slab, cube(0.8, 0.3)])).collapsed).toBe(false);
  });

  it('agrees with the geometric global label on sampled towers of every category', () => {
    let agreed = 0;
    let total = 0;
    for (const category of TOWER_CATEGORIES) {
      for (let index = 0; index < 8; index++) {
        const tower = sampleTower({ category, height: 3 + (index % 4), seed: 21, index });
        const outcome = simulateTower(mujoco, tower.objects);
        total++;
        if (outcome.collapsed === !tower.labels.globallyStable) agreed++;
      }
    }
    expect(agreed / total).toBeGreaterThanOrEqual(31 / 32);
  });
});
