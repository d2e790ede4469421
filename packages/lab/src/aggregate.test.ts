import { describe, expect, it } from 'vitest';
import { aggregateRuns, summarize } from './aggregate';
import type { RunRecord } from './run-log';

const run = (pointId: string, seed: number, value: number): RunRecord<{ q: number }> => ({
  pointId,
  point: { q: pointId === 'a' ? 1 : 0.5 },
  seed,
  metrics: { value },
  seconds: 1,
  finishedAt: '',
});

describe('summarize', () => {
  it('gives mean +- t_{Phi(1), n-1} s / sqrt(n)', () => {
    const s = summarize([1, 2, 3]);
    expect(s.mean).toBe(2);
    expect(s.sd).toBeCloseTo(1, 12);
    // t_{0.8413, 2} = 1.3213 (from the t distribution with 2 degrees of freedom).
    expect(s.halfWidth).toBeCloseTo(1.3213 / Math.sqrt(3), 3);
    expect(s.lower).toBeCloseTo(2 - s.halfWidth!, 12);
    expect(s.upper).toBeCloseTo(2 + s.halfWidth!, 12);
    expect(s.n).toBe(3);
  });

  it('has no interval for a single run', () => {
    expect(summarize([0.7])).toEqual({
      mean: 0.7,
      sd: null,
      n: 1,
      halfWidth: null,
      lower: 0.7,
      upper: 0.7,
      values: [0.7],
    });
  });

  it('keeps each value with its seed, and rejects seeds that do not match the values', () => {
    const s = summarize([0.8, 0.9], [3, 5]);
    expect([s.values, s.seeds]).toEqual([
      [0.8, 0.9],
      [3, 5],
    ]);
    expect(() => summarize([0.8, 0.9], [3])).toThrow(/1 seeds for 2 values; give one seed per value/);
  });
});

describe('aggregateRuns', () => {
  it('groups runs by point in the order of the points given', () => {
    const out = aggregateRuns(
      [run('a', 0, 1), run('b', 0, 10), run('a', 1, 3), run('b', 1, 20)],
      [
        { id: 'b', point: { q: 0.5 } },
        { id: 'a', point: { q: 1 } },
      ],
    );
    expect(out.map((a) => a.pointId)).toEqual(['b', 'a']);
    expect(out[0]!.metrics.value!.mean).toBe(15);
    expect(out[1]!.metrics.value!.mean).toBe(2);
    expect(out[1]!.metrics.value!.n).toBe(2);
    // Each seed's value travels with the summary, so the verdicts can test over seeds.
    expect(out[0]!.metrics.value!.values).toEqual([10, 20]);
    expect(out[0]!.metrics.value!.seeds).toEqual([0, 1]);
    expect(out[1]!.point).toEqual({ q: 1 });
  });
});

describe('aggregateRuns in any arrival order', () => {
  it('gives the same aggregates to the last bit whatever order the runs finished in', () => {
    // 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in the last bit.
    const bySeed = [run('a', 0, 0.1), run('a', 1, 0.2), run('a', 2, 0.3)];
    const arrived = [bySeed[2]!, bySeed[1]!, bySeed[0]!];
    expect(aggregateRuns(arrived)).toEqual(aggregateRuns(bySeed));
    expect(aggregateRuns(arrived)[0]!.metrics.value!.mean).toBe((0.1 + 0.2 + 0.3) / 3);
  });
});
