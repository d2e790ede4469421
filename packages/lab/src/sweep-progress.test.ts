import { describe, expect, it } from 'vitest';
import { formatDuration, SweepProgress } from './sweep-progress';

describe('SweepProgress', () => {
  it('counts the epochs of running runs before any run finishes', () => {
    const progress = new SweepProgress({ total: 12, done: 0, workers: 2 });
    expect(progress.payload()).toEqual({
      runs: '0.0',
      epochs: 'epochs: waiting for the first',
      etaText: '...',
    });
    progress.epoch('a#0', 1, 4, 30);
    progress.epoch('b#0', 2, 4, 30);
    expect(progress.value).toBeCloseTo(0.75);
    expect(progress.payload().runs).toBe('0.8');
    expect(progress.payload().epochs).toBe('3/48 epochs');
  });

  it('estimates the time left from measured epoch times, over the workers', () => {
    const progress = new SweepProgress({ total: 4, done: 1, workers: 2 });
    progress.epoch('a#0', 1, 2, 10);
    progress.epoch('b#0', 1, 2, 30);
    // Left: 1 epoch on each worker, then the waiting run's 2 epochs on one of them, at 20 s each.
    expect(progress.eta()).toBeCloseTo(60);
    expect(progress.payload().etaText).toBe('1m00s');
    progress.finish('a#0');
    expect(progress.value).toBeCloseTo(2.5);
  });

  it('formats durations', () => {
    expect([formatDuration(42), formatDuration(725), formatDuration(7380)]).toEqual([
      '42s',
      '12m05s',
      '2h03m',
    ]);
  });
});
