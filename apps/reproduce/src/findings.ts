/**
 * The paper's qualitative findings on the towers (Figs. 3 and 6), checked
 * on aggregated results: each claim holds, fails, or cannot be checked
 * because its points were not run.
 */
import type { ResultPoint } from './results';

/** One checked claim. */
export interface Finding {
  id: 'easy-bias' | 'adversarial-debias' | 'auxiliary-bias';
  claim: string;
  /** true holds, false fails, null not checked (points missing, or the network stayed near chance). */
  holds: boolean | null;
  /** The numbers behind the verdict. */
  detail: string;
}

/** How much lower hard accuracy must be to count as "clearly below" easy accuracy. */
export const CLEAR_GAP = 0.1;

/**
 * Easy-tower accuracy the main network must reach before a finding counts:
 * below it the network has not learned global stability and differences
 * between categories or lambdas are noise around chance.
 */
export const LEARNED_ACCURACY = 0.65;

const f3 = (x: number) => x.toFixed(3);
const atChance = (easy: number) =>
  `the main network is near chance (easy accuracy ${f3(easy)} < ${LEARNED_ACCURACY}): no evidence either way`;

function mean(results: readonly ResultPoint[], where: Partial<ResultPoint>): number | undefined {
  return results.find((r) =>
    Object.entries(where).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v),
  )?.mean;
}

/** Checks the findings of Figs. 3b and 6 on `results.json` records. */
export function checkFindings(results: readonly ResultPoint[]): Finding[] {
  const findings: Finding[] = [];
  const easy = mean(results, { figure: 'fig3', trainSplit: 'easy', category: 'easy' });
  const hard = mean(results, { figure: 'fig3', trainSplit: 'easy', category: 'hard' });
  findings.push({
    id: 'easy-bias',
    claim: `Fig. 3b: trained on easy only, hard accuracy is clearly (by ${CLEAR_GAP}) below easy accuracy.`,
    holds:
      easy === undefined || hard === undefined || easy < LEARNED_ACCURACY ? null : hard < easy - CLEAR_GAP,
    detail:
      easy === undefined || hard === undefined
        ? 'fig3 not run'
        : `easy ${f3(easy)}, hard ${f3(hard)}${easy < LEARNED_ACCURACY ? `; ${atChance(easy)}` : ''}`,
  });
  const fig6 = results.filter((r) => r.figure === 'fig6');
  const lambdas = [...new Set(fig6.map((r) => r.lambda))].sort((a, b) => a - b);
  const at = (lambda: number, category: string) => mean(fig6, { lambda, category });
  const hard0 = at(0, 'hard');
  const steth0 = at(0, 'all');
  const easy0 = at(0, 'easy');
  const learned = easy0 !== undefined && easy0 >= LEARNED_ACCURACY;
  const chanceNote = easy0 !== undefined && !learned ? `; ${atChance(easy0)}` : '';
  const negative = lambdas.filter((l) => l < 0);
  const positive = lambdas.filter((l) => l > 0);
  if (hard0 === undefined || steth0 === undefined || negative.length === 0) {
    findings.push({
      id: 'adversarial-debias',
      claim: 'Fig. 6a',
      holds: null,
      detail: 'fig6 adversarial points not run',
    });
  } else {
    const better = negative.filter((l) => (at(l, 'hard') ?? 0) > hard0 && (at(l, 'all') ?? 1) < steth0);
    findings.push({
      id: 'adversarial-debias',
      claim:
        'Fig. 6a: for some negative lambda, hard accuracy rises above lambda = 0 while the stethoscope accuracy falls.',
      holds: learned ? better.length > 0 : null,
      detail: `lambda 0: hard ${f3(hard0)}, stethoscope ${f3(steth0)}; ${negative
        .map(
          (l) =>
            `lambda ${l}: hard ${f3(at(l, 'hard') ?? Number.NaN)}, stethoscope ${f3(at(l, 'all') ?? Number.NaN)}`,
        )
        .join('; ')}${chanceNote}`,
    });
  }
  if (hard0 === undefined || positive.length === 0) {
    findings.push({
      id: 'auxiliary-bias',
      claim: 'Fig. 6b',
      holds: null,
      detail: 'fig6 auxiliary points not run',
    });
  } else {
    const largest = positive[positive.length - 1]!;
    const hardAux = at(largest, 'hard') ?? Number.NaN;
    findings.push({
      id: 'auxiliary-bias',
      claim:
        'Fig. 6b: auxiliary training on local stability lowers hard accuracy (largest lambda vs lambda = 0).',
      holds: learned ? hardAux < hard0 : null,
      detail: `hard at lambda 0: ${f3(hard0)}, at lambda ${largest}: ${f3(hardAux)}${chanceNote}`,
    });
  }
  return findings;
}
