import { describe, expect, it } from 'vitest';
import { constantLambda, dannLambda, modeOf, rampLambda, resolveLambda } from './lambda-schedule';

describe('lambda schedules', () => {
  it('constant', () => {
    expect(constantLambda(-2)(0)).toBe(-2);
    expect(constantLambda(-2)(1e6)).toBe(-2);
  });

  it('a linear ramp may cross zero, switching the mode', () => {
    const ramp = rampLambda({ from: 1, to: -1, startStep: 10, endStep: 30 });
    expect(ramp(0)).toBe(1);
    expect(ramp(10)).toBe(1);
    expect(ramp(15)).toBeCloseTo(0.5, 12);
    expect(ramp(20)).toBe(0);
    expect(ramp(25)).toBeCloseTo(-0.5, 12);
    expect(ramp(99)).toBe(-1);
    expect([ramp(12), ramp(20), ramp(28)].map(modeOf)).toEqual(['auxiliary', 'analytic', 'adversarial']);
  });

  it('DANN ramp 2 / (1 + exp(-10 p)) - 1, scaled', () => {
    const dann = dannLambda({ scale: -3, totalSteps: 100 });
    expect(Math.abs(dann(0))).toBe(0);
    expect(dann(50)).toBeCloseTo(-3 * (2 / (1 + Math.exp(-5)) - 1), 12);
    expect(dann(100)).toBeCloseTo(-3 * (2 / (1 + Math.exp(-10)) - 1), 12);
    expect(dann(1000)).toBe(dann(100));
  });

  it('user functions are checked for finite values', () => {
    expect(resolveLambda((s) => s / 10, 5)).toBe(0.5);
    expect(() => resolveLambda(() => Number.NaN, 3, 'stethoscope "local"')).toThrow(
      /lambda of stethoscope "local" at step 3 is NaN; expected a finite number/,
    );
    expect(() => resolveLambda(Number.POSITIVE_INFINITY, 0)).toThrow(/Infinity/);
    expect(() => constantLambda(Number.NaN)).toThrow(/finite/);
    expect(() => rampLambda({ from: 0, to: 1, startStep: 5, endStep: 5 })).toThrow(/endStep/);
  });
});
