import { summarize } from '@steth/lab';
import { describe, expect, it } from 'vitest';
import { checkFindings } from './findings';
import type { MnistHintsPoint, RunSettings } from './settings';

const settings = {} as RunSettings;
const agg = (variant: 1 | 2, qh: number, lambda: number, trueAcc: number[], hint: number[] = trueAcc) => ({
  pointId: `${variant}/${qh}/${lambda}`,
  point: { variant, qh, lambda, settings } as MnistHintsPoint,
  metrics: { trueAccuracy: summarize(trueAcc), hintAgreement: summarize(hint) },
});

describe('checkFindings', () => {
  it("recognises the paper's variant-1 pattern", () => {
    const findings = checkFindings([
      agg(1, 1, -1, [0.85, 0.86, 0.84]),
      agg(1, 1, 0, [0.3, 0.35, 0.32], [0.8, 0.75, 0.78]),
      agg(1, 1, 1, [0.31, 0.3, 0.33]),
    ]);
    expect(findings.map((f) => [f.id, f.holds])).toEqual([
      ['v1-follows-hint', true],
      ['v1-adversarial-helps', true],
      ['v1-auxiliary-does-not-help', true],
    ]);
    expect(findings[1]!.detail).toMatch(/^lambda -1: 0\.850 \[/);
  });

  it('says when intervals overlap or the network does not follow the hint', () => {
    const findings = checkFindings([
      agg(1, 1, -1, [0.5, 0.7, 0.6]),
      agg(1, 1, 0, [0.6, 0.5, 0.55], [0.2, 0.2, 0.2]),
    ]);
    expect(findings.map((f) => [f.id, f.holds])).toEqual([
      ['v1-follows-hint', false],
      ['v1-adversarial-helps', false],
    ]);
  });

  it('checks variant 2: moderate adversarial helps, a very large one hurts', () => {
    const findings = checkFindings([
      agg(2, 0.8, -10, [0.5, 0.52, 0.48]),
      agg(2, 0.8, -0.3, [0.8, 0.81, 0.79]),
      agg(2, 0.8, 0, [0.78, 0.77, 0.79]),
      agg(2, 0.8, 1, [0.79, 0.8, 0.78]),
    ]);
    expect(findings.map((f) => [f.id, f.holds])).toEqual([
      ['v2-moderate-helps-qh0.8', true],
      ['v2-auxiliary-hurts-qh0.8-lambda1', false],
      ['v2-large-hurts-qh0.8-lambda-10', true],
    ]);
  });
});
