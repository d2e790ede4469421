import { describe, expect, it } from 'vitest';
import { planTower } from './generate-towers';
import { TOWER_CATEGORIES } from './stability-labels';
import { objectHeight } from './tower';
import { sampleTower } from './tower-sampler';

describe('tower sampler', () => {
  it('makes every category at every feasible height, with labels that confirm it and keep the margins', () => {
    for (const category of TOWER_CATEGORIES) {
      for (const height of [2, 3, 4, 5, 6]) {
        if ((category === 'B' || category === 'C') && height < 3) continue;
        for (let index = 0; index < 5; index++) {
          const tower = sampleTower({ category, height, seed: 3, index });
          expect(tower.labels.category).toBe(category);
          expect(tower.objects).toHaveLength(height);
          for (const f of tower.labels.interfaces) {
            expect(Math.abs(f.globalDistance)).toBeGreaterThanOrEqual(0.05);
            if (f.localDistance !== null) expect(Math.abs(f.localDistance)).toBeGreaterThanOrEqual(0.03);
          }
          const violations = tower.labels.interfaces.filter((f) => !f.globallyStable).map((f) => f.index);
          expect(violations).toEqual(category === 'A' || category === 'C' ? [] : [tower.labels.origin]);
          if (category === 'D')
            expect(tower.labels.interfaces[tower.labels.origin as number]?.locallyStable).toBe(false);
        }
      }
    }
  });

  it('follows the ShapeStacks recipe: shapes, sizes, integer yaw, touching objects, unique primaries', () => {
    for (let index = 0; index < 40; index++) {
      const tower = sampleTower({ category: TOWER_CATEGORIES[index % 4] ?? 'A', height: 5, seed: 11, index });
      let z = 0;
      tower.objects.forEach((o, i) => {
        if (i < tower.objects.length - 1)
          expect(o.shape === 'cuboid' || (o.shape === 'cylinder' && !o.lying)).toBe(true);
        if (o.shape === 'cuboid') for (const e of o.size) expect(e >= 0.5 && e <= 1).toBe(true);
        else expect(o.size[0] >= 0.25 && o.size[0] <= 0.5).toBe(true);
        if (o.shape === 'cylinder') expect(o.size[2] >= 0.5 && o.size[2] <= 1).toBe(true);
        expect(Number.isInteger(o.yawDeg)).toBe(true);
        expect(o.position[2]).toBeCloseTo(z + objectHeight(o) / 2, 12);
        z += objectHeight(o);
      });
      expect(new Set(tower.colorNames).size).toBe(tower.objects.length);
      expect(Math.abs(tower.objects[tower.objects.length - 1]?.position[0] ?? 9)).toBeLessThanOrEqual(2);
    }
  });

  it('is deterministic in (seed, index, round) and differs across them', () => {
    const a = sampleTower({ category: 'B', height: 4, seed: 5, index: 9 });
    expect(sampleTower({ category: 'B', height: 4, seed: 5, index: 9 })).toEqual(a);
    expect(sampleTower({ category: 'B', height: 4, seed: 5, index: 10 }).objects).not.toEqual(a.objects);
    expect(sampleTower({ category: 'B', height: 4, seed: 6, index: 9 }).objects).not.toEqual(a.objects);
    expect(sampleTower({ category: 'B', height: 4, seed: 5, index: 9, round: 1 }).objects).not.toEqual(
      a.objects,
    );
  });

  it('plans a dataset balanced over categories, and over the heights each category can have', () => {
    const plan = Array.from({ length: 200 }, (_, i) => planTower(i, TOWER_CATEGORIES, [2, 3, 4, 5, 6]));
    for (const c of TOWER_CATEGORIES) expect(plan.filter((p) => p.category === c)).toHaveLength(50);
    const heightsOf = (c: string) => plan.filter((p) => p.category === c).map((p) => p.height);
    for (const h of [2, 3, 4, 5, 6]) expect(heightsOf('A').filter((x) => x === h)).toHaveLength(10);
    for (const h of [3, 4, 5])
      expect(heightsOf('B').filter((x) => x === h).length).toBeGreaterThanOrEqual(12);
    expect(heightsOf('C')).not.toContain(2);
  });

  it('refuses categories and heights it cannot make, saying why', () => {
    expect(() => sampleTower({ category: 'B', height: 2, seed: 0, index: 0 })).toThrow(/at least 3 objects/);
    expect(() => sampleTower({ category: 'E' as 'A', height: 3, seed: 0, index: 0 })).toThrow(
      /Unknown tower category "E"/,
    );
    expect(() => sampleTower({ category: 'A', height: 7, seed: 0, index: 0 })).toThrow(/from 2 to 6, got 7/);
  });
});
