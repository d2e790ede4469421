import { describe, expect, it } from 'vitest';
import { createRng, shuffleInPlace } from './random';

describe('createRng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('draws uniform floats in [0, 1) with the right mean', () => {
    const rng = createRng(7);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
  });

  it('restores a stream exactly from its saved state', () => {
    const rng = createRng(1);
    rng.next();
    const state = rng.getState();
    const ahead = [rng.next(), rng.next()];
    rng.setState(state);
    expect([rng.next(), rng.next()]).toEqual(ahead);
  });

  it('rejects a seed that is not a 32-bit unsigned integer', () => {
    expect(() => createRng(-1)).toThrow(/seed must be an integer/);
    expect(() => createRng(1.5)).toThrow(/seed must be an integer/);
  });

  it('shuffles into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = shuffleInPlace([...items], createRng(3));
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  });
});
