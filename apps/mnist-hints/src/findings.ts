/**
 * The paper's Appendix B findings, checked on a sweep's aggregates with
 * @steth/lab's verdicts (Welch's t-test over seeds at p < 0.05, the claimed
 * way on every seed, paired by seed): variant 1 (Fig. 9) - with perfect
 * hints and lambda = 0 the network follows the hint; an adversarial
 * stethoscope restores digit accuracy; an auxiliary one does not help.
 * Variant 2 (Fig. 10) - a moderate adversarial lambda helps, a very large
 * one hurts, and an auxiliary (positive) one degrades accuracy.
 */
import {
  allOf,
  finding,
  judge,
  type Finding as LabFinding,
  noVerdict,
  type PointAggregate,
  type SeedSample,
  someOf,
  type Verdict,
} from '@steth/lab';
import type { MnistHintsPoint } from './settings';

/** One finding of Appendix B and its verdict on this sweep. */
export interface Finding extends LabFinding {
  /** 1 or 2. */
  variant: 1 | 2;
}

type Aggregate = PointAggregate<MnistHintsPoint>;

/** Hint agreement above which the network counts as following the hint (Fig. 9b). */
export const FOLLOWS_HINT = 0.5;

/** How much an auxiliary lambda may raise true accuracy and still count as "does not help" (Fig. 9a). */
export const NO_GAIN_MARGIN = 0.02;

const sample = (label: string, a: Aggregate, metric: string): SeedSample => {
  const m = a.metrics[metric];
  return { label, values: m?.values ?? [], seeds: m?.seeds };
};

/** true accuracy at `a` against `b` (same variant and q_h, so the same seeds). */
const trueAccuracy = (a: Aggregate, b: Aggregate, direction: 'greater' | 'less', margin = 0): Verdict =>
  judge({
    a: sample(`lambda ${a.point.lambda}`, a, 'trueAccuracy'),
    b: sample(`lambda ${b.point.lambda}`, b, 'trueAccuracy'),
    direction,
    margin,
  });

const make = (variant: 1 | 2, id: string, claim: string, verdict: Verdict): Finding => ({
  ...finding(id, claim, verdict),
  variant,
});

/** Checks the findings on the aggregates of a sweep (any subset of points). */
export function checkFindings(aggregates: readonly Aggregate[]): Finding[] {
  const findings: Finding[] = [];
  const at = (variant: 1 | 2, qh: number) =>
    aggregates
      .filter((a) => a.point.variant === variant && a.point.qh === qh)
      .sort((a, b) => a.point.lambda - b.point.lambda);

  const v1 = at(1, 1);
  const v1zero = v1.find((a) => a.point.lambda === 0);
  if (v1.length > 0) {
    const claim = `Variant 1, q_h = 1, lambda = 0: the network follows the hint (hint agreement above ${FOLLOWS_HINT} and above true accuracy).`;
    findings.push(
      make(
        1,
        'v1-follows-hint',
        claim,
        v1zero
          ? allOf([
              {
                label: `hint agreement above ${FOLLOWS_HINT}`,
                verdict: judge({
                  a: sample('hint agreement', v1zero, 'hintAgreement'),
                  b: { label: 'threshold', value: FOLLOWS_HINT },
                  direction: 'greater',
                }),
              },
              {
                label: 'hint agreement above true accuracy',
                verdict: judge({
                  a: sample('hint agreement', v1zero, 'hintAgreement'),
                  b: sample('true accuracy', v1zero, 'trueAccuracy'),
                  direction: 'greater',
                }),
              },
            ])
          : noVerdict('no lambda = 0 point at q_h = 1'),
      ),
    );
    const negatives = v1.filter((a) => a.point.lambda < 0);
    const positives = v1.filter((a) => a.point.lambda > 0);
    if (v1zero && negatives.length > 0) {
      findings.push(
        make(
          1,
          'v1-adversarial-helps',
          'Variant 1, q_h = 1: a negative (adversarial) lambda raises true accuracy above lambda = 0.',
          someOf(
            negatives.map((a) => ({
              label: `lambda ${a.point.lambda}`,
              verdict: trueAccuracy(a, v1zero, 'greater'),
            })),
          ),
        ),
      );
    }
    if (v1zero && positives.length > 0) {
      findings.push(
        make(
          1,
          'v1-auxiliary-does-not-help',
          `Variant 1, q_h = 1: a positive (auxiliary) lambda does not raise true accuracy (by more than ${NO_GAIN_MARGIN}).`,
          allOf(
            positives.map((a) => ({
              label: `lambda ${a.point.lambda}`,
              verdict: trueAccuracy(a, v1zero, 'less', NO_GAIN_MARGIN),
            })),
          ),
        ),
      );
    }
  }

  const v2qh = [
    ...new Set(aggregates.filter((a) => a.point.variant === 2 && a.point.qh < 1).map((a) => a.point.qh)),
  ];
  for (const qh of v2qh) {
    const v2 = at(2, qh);
    const zero = v2.find((a) => a.point.lambda === 0);
    const moderate = v2.filter((a) => a.point.lambda < 0 && a.point.lambda >= -1);
    const large = v2.filter((a) => a.point.lambda <= -10);
    if (!zero) continue;
    if (moderate.length > 0) {
      findings.push(
        make(
          2,
          `v2-moderate-helps-qh${qh}`,
          `Variant 2, q_h = ${qh}: a moderate adversarial lambda (-1 <= lambda < 0) raises true accuracy.`,
          someOf(
            moderate.map((a) => ({
              label: `lambda ${a.point.lambda}`,
              verdict: trueAccuracy(a, zero, 'greater'),
            })),
          ),
        ),
      );
    }
    for (const positive of v2.filter((a) => a.point.lambda > 0)) {
      findings.push(
        make(
          2,
          `v2-auxiliary-hurts-qh${qh}-lambda${positive.point.lambda}`,
          `Variant 2, q_h = ${qh}: a positive (auxiliary) lambda (${positive.point.lambda}) degrades true accuracy.`,
          trueAccuracy(positive, zero, 'less'),
        ),
      );
    }
    for (const big of large) {
      findings.push(
        make(
          2,
          `v2-large-hurts-qh${qh}-lambda${big.point.lambda}`,
          `Variant 2, q_h = ${qh}: a very large adversarial lambda (${big.point.lambda}) hurts true accuracy.`,
          trueAccuracy(big, zero, 'less'),
        ),
      );
    }
  }
  return findings;
}
