/**
 * The paper's Appendix B findings, checked on a sweep's aggregates:
 * variant 1 (Fig. 9) - with perfect hints and lambda = 0 the network follows
 * the hint; an adversarial stethoscope restores digit accuracy (intervals
 * not overlapping); an auxiliary one does not help. Variant 2 (Fig. 10) - a
 * moderate adversarial lambda helps, a very large one hurts, and an
 * auxiliary (positive) one degrades accuracy.
 */
import type { PointAggregate } from '@steth/lab';
import type { MnistHintsPoint } from './settings';

/** One finding and whether this sweep shows it. */
export interface Finding {
  /** Stable id. */
  id: string;
  /** 1 or 2. */
  variant: 1 | 2;
  /** The paper's claim, in words. */
  claim: string;
  /** Whether the sweep's aggregates show it; null when the sweep lacks the points to tell. */
  holds: boolean | null;
  /** The numbers behind the verdict. */
  detail: string;
}

type Aggregate = PointAggregate<MnistHintsPoint>;

const fmt = (x: number) => x.toFixed(3);
const iv = (a: Aggregate, m: string) => {
  const s = a.metrics[m]!;
  return `${fmt(s.mean)} [${fmt(s.lower)}, ${fmt(s.upper)}] (n=${s.n})`;
};

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
    findings.push(
      v1zero
        ? {
            id: 'v1-follows-hint',
            variant: 1,
            claim:
              'Variant 1, q_h = 1, lambda = 0: the network follows the hint (low true accuracy, high hint agreement).',
            holds:
              v1zero.metrics.hintAgreement!.mean >= 0.5 &&
              v1zero.metrics.trueAccuracy!.mean < v1zero.metrics.hintAgreement!.mean,
            detail: `true accuracy ${iv(v1zero, 'trueAccuracy')}, hint agreement ${iv(v1zero, 'hintAgreement')}`,
          }
        : {
            id: 'v1-follows-hint',
            variant: 1,
            claim: 'Variant 1 at lambda = 0',
            holds: null,
            detail: 'no lambda = 0 point at q_h = 1',
          },
    );
    const negatives = v1.filter((a) => a.point.lambda < 0);
    const positives = v1.filter((a) => a.point.lambda > 0);
    if (v1zero && negatives.length > 0) {
      const best = negatives.reduce((a, b) =>
        b.metrics.trueAccuracy!.mean > a.metrics.trueAccuracy!.mean ? b : a,
      );
      findings.push({
        id: 'v1-adversarial-helps',
        variant: 1,
        claim:
          'Variant 1, q_h = 1: a negative (adversarial) lambda raises true accuracy clearly, with non-overlapping intervals.',
        holds: best.metrics.trueAccuracy!.lower > v1zero.metrics.trueAccuracy!.upper,
        detail: `lambda ${best.point.lambda}: ${iv(best, 'trueAccuracy')} vs lambda 0: ${iv(v1zero, 'trueAccuracy')}`,
      });
    }
    if (v1zero && positives.length > 0) {
      findings.push({
        id: 'v1-auxiliary-does-not-help',
        variant: 1,
        claim: 'Variant 1, q_h = 1: a positive (auxiliary) lambda does not raise true accuracy.',
        holds: positives.every((a) => a.metrics.trueAccuracy!.mean <= v1zero.metrics.trueAccuracy!.upper),
        detail:
          positives.map((a) => `lambda ${a.point.lambda}: ${iv(a, 'trueAccuracy')}`).join('; ') +
          `; lambda 0 upper end ${fmt(v1zero.metrics.trueAccuracy!.upper)}`,
      });
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
      const best = moderate.reduce((a, b) =>
        b.metrics.trueAccuracy!.mean > a.metrics.trueAccuracy!.mean ? b : a,
      );
      findings.push({
        id: `v2-moderate-helps-qh${qh}`,
        variant: 2,
        claim: `Variant 2, q_h = ${qh}: a moderate adversarial lambda (-1 <= lambda < 0) raises true accuracy.`,
        holds: best.metrics.trueAccuracy!.mean > zero.metrics.trueAccuracy!.mean,
        detail: `lambda ${best.point.lambda}: ${iv(best, 'trueAccuracy')} vs lambda 0: ${iv(zero, 'trueAccuracy')}`,
      });
    }
    for (const positive of v2.filter((a) => a.point.lambda > 0)) {
      findings.push({
        id: `v2-auxiliary-hurts-qh${qh}-lambda${positive.point.lambda}`,
        variant: 2,
        claim: `Variant 2, q_h = ${qh}: a positive (auxiliary) lambda (${positive.point.lambda}) degrades true accuracy.`,
        holds: positive.metrics.trueAccuracy!.mean < zero.metrics.trueAccuracy!.mean,
        detail: `lambda ${positive.point.lambda}: ${iv(positive, 'trueAccuracy')} vs lambda 0: ${iv(zero, 'trueAccuracy')}`,
      });
    }
    for (const big of large) {
      findings.push({
        id: `v2-large-hurts-qh${qh}-lambda${big.point.lambda}`,
        variant: 2,
        claim: `Variant 2, q_h = ${qh}: a very large adversarial lambda (${big.point.lambda}) hurts true accuracy.`,
        holds: big.metrics.trueAccuracy!.upper < zero.metrics.trueAccuracy!.lower,
        detail: `lambda ${big.point.lambda}: ${iv(big, 'trueAccuracy')} vs lambda 0: ${iv(zero, 'trueAccuracy')}`,
      });
    }
  }
  return findings;
}
