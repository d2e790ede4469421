import { describe, expect, it } from 'vitest';
import { createSparseConnection, inputDegrees } from './sparse-connection';

function hiddenSets(c: ReturnType<typeof createSparseConnection>): number[][] {
  return Array.from({ length: c.hidden }, (_, j) =>
    Array.from(c.inputIndices.slice(j * c.perHidden, (j + 1) * c.perHidden)),
  );
}

describe('sparse connection (paper Section 3)', () => {
  it('has the same number of non-zeros whatever the input width', () => {
    for (const inputs of [64, 100, 500, 1000]) {
      const c = createSparseConnection({ inputs, hidden: 16, nonZeros: 1024, seed: 1 });
      expect(c.nonZeros).toBe(1024);
      expect(c.inputIndices.length).toBe(1024);
    }
  });

  it('connects every input and every hidden unit, with degrees spread uniformly on both sides', () => {
    for (const inputs of [70, 300, 1000]) {
      const c = createSparseConnection({ inputs, hidden: 16, nonZeros: 1024, seed: 5 });
      const deg = Array.from(inputDegrees(c));
      expect(Math.min(...deg)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...deg) - Math.min(...deg)).toBeLessThanOrEqual(1);
      expect(deg.reduce((a, b) => a + b, 0)).toBe(1024);
      for (const set of hiddenSets(c)) {
        expect(set.length).toBe(64);
        expect(new Set(set).size).toBe(set.length); // distinct inputs per hidden unit
      }
    }
  });

  it('caps non-zeros at a dense matrix for narrow inputs', () => {
    const c = createSparseConnection({ inputs: 10, hidden: 4, nonZeros: 1024 });
    expect(c.perHidden).toBe(10);
    expect(c.nonZeros).toBe(40);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = createSparseConnection({ inputs: 200, hidden: 8, nonZeros: 256, seed: 3 });
    const b = createSparseConnection({ inputs: 200, hidden: 8, nonZeros: 256, seed: 3 });
    const c = createSparseConnection({ inputs: 200, hidden: 8, nonZeros: 256, seed: 4 });
    expect(a.inputIndices).toEqual(b.inputIndices);
    expect(a.inputIndices).not.toEqual(c.inputIndices);
  });

  it('refuses too few non-zeros to reach every input, saying what to set', () => {
    expect(() => createSparseConnection({ inputs: 5000, hidden: 16, nonZeros: 1024 })).toThrow(
      /cannot connect all 5000 inputs. Set nonZeros to at least 5000/,
    );
  });
});
