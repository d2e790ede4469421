/**
 * The paper's qualitative findings on the towers (Figs. 3 to 7), checked on
 * aggregated results: each claim holds, fails, or cannot be checked because
 * its points were not run or the main network stayed near chance. Checked
 * on each seed's runs too, so a claim carried by one seed of several reads
 * as such rather than as agreement.
 */
import type { ResultPoint } from './results';

/** The checked claims: the issue's four, then Fig. 5's and Appendix A's. */
export type FindingId =
  | 'easy-bias'
  | 'adversarial-debias'
  | 'auxiliary-bias'
  | 'local-peaks-early'
  | 'origin-helps-hard'
  | 'adversarial-recovers';

/** One checked claim. */
export interface Finding {
  id: FindingId;
  claim: string;
  /** true holds, false fails, null not checked (points missing, or the network stayed near chance). */
  holds: boolean | null;
  /** The numbers behind the verdict. */
  detail: string;
  /** The same check on each seed's runs alone (when checked by {@link checkFindingsBySeed}). */
  perSeed?: { seed: number; holds: boolean | null }[];
}

/** How much lower hard accuracy must be to count as "clearly below" easy accuracy. */
export const CLEAR_GAP = 0.1;

/**
 * Easy-tower accuracy the main network must reach before a finding counts:
 * below it the network has not learned global stability and differences
 * between categories or lambdas are noise around chance.
 */
export const LEARNED_ACCURACY = 0.65;

/** How close the recovered stethoscope must come to the analytic baseline to count as recovered (Fig. 7). */
export const RECOVERY_TOLERANCE = 0.05;

const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(3));
const atChance = (easy: number) =>
  `the main network is near chance (easy accuracy ${f3(easy)} < ${LEARNED_ACCURACY}): no evidence either way`;

function find(results: readonly ResultPoint[], where: Partial<ResultPoint>): number | undefined {
  return results.find((r) =>
    Object.entries(where).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v),
  )?.mean;
}

const notRun = (id: FindingId, claim: string, what: string): Finding => ({
  id,
  claim,
  holds: null,
  detail: `${what} not run`,
});

function easyBias(results: readonly ResultPoint[]): Finding {
  const claim = `Fig. 3b: trained on easy only, hard accuracy is clearly (by ${CLEAR_GAP}) below easy accuracy.`;
  const at = (category: string) =>
    find(results, { figure: 'fig3', trainSplit: 'easy', task: 'global', measure: 'accuracy', category });
  const easy = at('easy');
  const hard = at('hard');
  if (easy === undefined || hard === undefined) return notRun('easy-bias', claim, 'fig3');
  const learned = easy >= LEARNED_ACCURACY;
  return {
    id: 'easy-bias',
    claim,
    holds: learned ? hard < easy - CLEAR_GAP : null,
    detail: `easy ${f3(easy)}, hard ${f3(hard)}${learned ? '' : `; ${atChance(easy)}`}`,
  };
}

function lambdaSweep(results: readonly ResultPoint[], figure: 'fig5' | 'fig6') {
  const rows = results.filter((r) => r.figure === figure);
  const lambdas = [...new Set(rows.map((r) => r.lambda))].sort((a, b) => a - b);
  const main = (lambda: number, category: string) =>
    find(rows, { lambda, task: 'global', measure: 'accuracy', category });
  const stethoscope = (lambda: number) =>
    rows.find((r) => r.lambda === lambda && r.task !== 'global' && r.measure === 'accuracy')?.mean;
  const easy0 = main(0, 'easy');
  const learned = easy0 !== undefined && easy0 >= LEARNED_ACCURACY;
  const chanceNote = easy0 !== undefined && !learned ? `; ${atChance(easy0)}` : '';
  return { lambdas, main, stethoscope, learned, chanceNote };
}

function adversarialDebias(results: readonly ResultPoint[]): Finding {
  const claim =
    'Fig. 6a: for a range of negative lambda, hard accuracy rises above lambda = 0 and the stethoscope accuracy falls.';
  const { lambdas, main, stethoscope, learned, chanceNote } = lambdaSweep(results, 'fig6');
  const negative = lambdas.filter((l) => l < 0);
  const hard0 = main(0, 'hard');
  const steth0 = stethoscope(0);
  if (hard0 === undefined || steth0 === undefined || negative.length === 0) {
    return notRun('adversarial-debias', claim, 'fig6 with adversarial lambdas');
  }
  const better = negative.filter((l) => (main(l, 'hard') ?? 0) > hard0 && (stethoscope(l) ?? 1) < steth0);
  return {
    id: 'adversarial-debias',
    claim,
    // "a range": at least half of the negative lambdas swept, and at least one
    holds: learned ? better.length > 0 && better.length * 2 >= negative.length : null,
    detail: `lambda 0: hard ${f3(hard0)}, stethoscope ${f3(steth0)}; ${negative
      .map((l) => `lambda ${l}: hard ${f3(main(l, 'hard'))}, stethoscope ${f3(stethoscope(l))}`)
      .join('; ')}${chanceNote}`,
  };
}

function auxiliaryBias(results: readonly ResultPoint[]): Finding {
  const claim =
    'Fig. 6b: auxiliary training on local stability lowers hard accuracy (largest lambda vs lambda = 0).';
  const { lambdas, main, learned, chanceNote } = lambdaSweep(results, 'fig6');
  const positive = lambdas.filter((l) => l > 0);
  const hard0 = main(0, 'hard');
  if (hard0 === undefined || positive.length === 0)
    return notRun('auxiliary-bias', claim, 'fig6 with auxiliary lambdas');
  const largest = positive[positive.length - 1]!;
  const hardAux = main(largest, 'hard');
  return {
    id: 'auxiliary-bias',
    claim,
    holds: learned && hardAux !== undefined ? hardAux < hard0 : null,
    detail: `hard at lambda 0: ${f3(hard0)}, at lambda ${largest}: ${f3(hardAux)}${chanceNote}`,
  };
}

/** Fig. 4's curves in network order: probe accuracy per end point for one task. */
export function probeCurve(results: readonly ResultPoint[], task: string): { tap: string; mean: number }[] {
  return results
    .filter((r) => r.figure === 'fig4' && r.task === task && r.measure === 'accuracy' && r.tap !== null)
    .map((r) => ({ tap: r.tap!, mean: r.mean }));
}

function localPeaksEarly(results: readonly ResultPoint[]): Finding {
  const claim =
    'Fig. 4: local-stability accessibility peaks before the last block while global-stability accessibility keeps rising.';
  const local = probeCurve(results, 'local');
  const global = probeCurve(results, 'global');
  if (local.length < 2 || global.length !== local.length) return notRun('local-peaks-early', claim, 'fig4');
  const peak = local.reduce((best, p, i) => (p.mean > local[best]!.mean ? i : best), 0);
  const last = local.length - 1;
  const globalLast = global[last]!.mean;
  const globalAtPeak = global[peak]!.mean;
  return {
    id: 'local-peaks-early',
    claim,
    holds: peak < last && globalLast > globalAtPeak,
    detail: `local peaks at ${local[peak]!.tap} (${f3(local[peak]!.mean)}; ${local[last]!.tap}: ${f3(local[last]!.mean)}); global ${f3(globalAtPeak)} there, ${f3(globalLast)} at ${global[last]!.tap}`,
  };
}

function originHelpsHard(results: readonly ResultPoint[]): Finding {
  const claim =
    'Fig. 5: trained on hard only, an auxiliary origin stethoscope raises mean accuracy above lambda = 0 for some lambda > 0.';
  const { lambdas, main } = lambdaSweep(results, 'fig5');
  const mean0 = main(0, 'mean');
  const positive = lambdas.filter((l) => l > 0);
  if (mean0 === undefined || positive.length === 0) return notRun('origin-helps-hard', claim, 'fig5');
  const gains = positive.map((l) => ({ l, mean: main(l, 'mean') ?? Number.NaN }));
  return {
    id: 'origin-helps-hard',
    claim,
    holds: gains.some((g) => g.mean > mean0),
    detail: `mean at lambda 0: ${f3(mean0)}; ${gains.map((g) => `lambda ${g.l}: ${f3(g.mean)}`).join('; ')}`,
  };
}

function adversarialRecovers(results: readonly ResultPoint[]): Finding {
  const claim = `Fig. 7: after adversarial training, a stethoscope trained on the frozen network recovers to within ${RECOVERY_TOLERANCE} of the analytic (lambda = 0) baseline.`;
  const rows = results.filter((r) => r.figure === 'fig7');
  const baseline = find(rows, { lambda: 0, task: 'local', measure: 'accuracy' });
  const lambdas = [...new Set(rows.filter((r) => r.measure === 'recovery').map((r) => r.lambda))].sort(
    (a, b) => a - b,
  );
  if (baseline === undefined || lambdas.length === 0) return notRun('adversarial-recovers', claim, 'fig7');
  const final = lambdas.map((l) => {
    const curve = rows.filter((r) => r.lambda === l && r.measure === 'recovery');
    const start = curve.find((r) => r.epoch === 0)?.mean;
    const end = curve.reduce((a, r) => ((r.epoch ?? 0) > (a.epoch ?? 0) ? r : a)).mean;
    return { l, start, end };
  });
  return {
    id: 'adversarial-recovers',
    claim,
    holds: final.every((f) => f.end >= baseline - RECOVERY_TOLERANCE),
    detail: `analytic baseline ${f3(baseline)}; ${final.map((f) => `lambda ${f.l}: ${f3(f.start)} when frozen, ${f3(f.end)} after retraining`).join('; ')}`,
  };
}

/** Checks the findings of Figs. 3 to 7 on `results.json` records. */
export function checkFindings(results: readonly ResultPoint[]): Finding[] {
  return [
    easyBias(results),
    adversarialDebias(results),
    auxiliaryBias(results),
    localPeaksEarly(results),
    originHelpsHard(results),
    adversarialRecovers(results),
  ];
}

/**
 * Checks the findings on the mean of every seed (`results`) and again on each seed's own
 * records, keeping the per-seed verdicts beside the mean's.
 */
export function checkFindingsBySeed(
  results: readonly ResultPoint[],
  bySeed: readonly { seed: number; results: readonly ResultPoint[] }[],
): Finding[] {
  const perSeed = bySeed.map(({ seed, results: own }) => ({ seed, findings: checkFindings(own) }));
  return checkFindings(results).map((finding, i) => ({
    ...finding,
    perSeed: perSeed.map(({ seed, findings }) => ({ seed, holds: findings[i]!.holds })),
  }));
}

/**
 * The verdict in words: `agrees`, `does not agree` or `no verdict` on the mean, and, when seeds
 * disagree with the mean, on how many seeds the claim holds.
 */
export function verdict(finding: Finding): string {
  if (finding.holds === null) return 'no verdict';
  const seeds = finding.perSeed ?? [];
  const holding = seeds.filter((s) => s.holds === true).length;
  const onSeeds = `holds on ${holding} of ${seeds.length} seeds`;
  if (finding.holds) {
    return seeds.length > 1 && holding < seeds.length ? `agrees on the mean only (${onSeeds})` : 'agrees';
  }
  return holding > 0 ? `does not agree on the mean (${onSeeds})` : 'does not agree';
}
