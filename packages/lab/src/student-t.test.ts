import { describe, expect, it } from 'vitest';
import { ONE_SIGMA_LEVEL, studentTCdf, studentTQuantile } from './student-t';

describe('Student t', () => {
  it('matches tabulated two-sided 95% critical values', () => {
    // Standard tables: t_{0.975, df}.
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.3027, 3);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2622, 3);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 3);
  });

  it('gives the 1-sigma quantile: 1.8373 for df = 1 (Cauchy), tends to 1 for large df', () => {
    // For df = 1, t is Cauchy: quantile = tan(pi (p - 1/2)).
    expect(studentTQuantile(ONE_SIGMA_LEVEL, 1)).toBeCloseTo(Math.tan(Math.PI * (ONE_SIGMA_LEVEL - 0.5)), 6);
    expect(studentTQuantile(ONE_SIGMA_LEVEL, 2)).toBeCloseTo(1.3213, 3);
    expect(studentTQuantile(ONE_SIGMA_LEVEL, 1e6)).toBeCloseTo(1, 4);
  });

  it('is symmetric and inverts the CDF', () => {
    expect(studentTQuantile(0.1, 5)).toBeCloseTo(-studentTQuantile(0.9, 5), 10);
    expect(studentTCdf(studentTQuantile(0.7, 4), 4)).toBeCloseTo(0.7, 10);
    expect(studentTCdf(0, 3)).toBe(0.5);
  });

  it('rejects p outside (0, 1)', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be in \(0, 1\), got 1/);
  });
});
