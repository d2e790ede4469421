/**
 * The paper's qualitative findings on the towers (Figs. 3 to 7), checked on
 * the records of `results.json` with @steth/lab's verdicts: each claim is a
 * comparison over seeds (Welch's t-test at p < 0.05, the claimed way on
 * every seed, paired by seed), and it holds, is within noise, does not hold,
 * or gets no verdict (points not run, too few seeds, or a main network near
 * chance, which has no bias to show or remove).
 */
import {
  allOf,
  type Claim,
  finding,
  judge,
  type Finding as LabFinding,
  noVerdict,
  type SeedSample,
  someOf,
  type Verdict,
} from '@steth/lab';
import type { ResultPoint } from './results';

/** The checked claims: Fig. 3's two, Fig. 6's two, then Figs. 4, 5 and 7's. */
export type FindingId =
  | 'easy-learned'
  | 'easy-bias'
  | 'adversarial-debias'
  | 'auxiliary-bias'
  | 'local-peaks-early'
  | 'origin-helps-hard'
  | 'adversarial-recovers';

/** One checked claim: its verdict and the numbers behind it. */
export type Finding = LabFinding<FindingId>;

/** How much lower hard accuracy must be to count as "clearly below" easy accuracy (Fig. 3b). */
export const CLEAR_GAP = 0.15;

/** Easy-tower accuracy the easy-trained main network should reach (the paper: about 0.98). */
export const EASY_TARGET = 0.9;

/**
 * Easy-tower accuracy the main network must reach before a finding counts:
 * below it the network has not learned global stability and differences
 * between categories or lambdas are noise around chance.
 */
export const LEARNED_ACCURACY = 0.65;

/** How much easy accuracy may fall under adversarial training and still count as kept (Fig. 6a). */
export const EASY_KEPT = 0.05;

/** How close the recovered stethoscope must come to the analytic baseline to count as recovered (Fig. 7). */
export const RECOVERY_TOLERANCE = 0.05;

const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(3));
const atChance = (easy: number) =>
  `the main network is near chance (easy accuracy ${f3(easy)} < ${LEARNED_ACCURACY}): no evidence either way`;

function pick(results: readonly ResultPoint[], where: Partial<ResultPoint>): ResultPoint | undefined {
  return results.find((r) =>
    Object.entries(where).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v),
  );
}

/** A record's per-seed values as a sample for the verdicts. */
const sample = (label: string, r: ResultPoint): SeedSample => ({ label, values: r.values, seeds: r.seeds });

/** Judges `a` against `b` when both records exist. */
function compare(
  a: [string, ResultPoint | undefined],
  b: [string, ResultPoint | undefined],
  claim: Omit<Claim, 'a' | 'b'>,
): Verdict {
  const [la, ra] = a;
  const [lb, rb] = b;
  if (!ra || !rb) return noVerdict(`${!ra ? la : lb} not run`);
  return judge({ a: sample(la, ra), b: sample(lb, rb), ...claim });
}

const notRun = (id: FindingId, claim: string, what: string): Finding =>
  finding(id, claim, noVerdict(`${what} not run`));

/** Withholds the verdict when the easy-trained main network stayed near chance. */
function gated(easy: number | undefined, verdict: Verdict): Verdict {
  return easy !== undefined && easy < LEARNED_ACCURACY ? noVerdict(atChance(easy), verdict) : verdict;
}

const fig3At = (results: readonly ResultPoint[], category: string) =>
  pick(results, { figure: 'fig3', trainSplit: 'easy', task: 'global', measure: 'accuracy', category });

function easyLearned(results: readonly ResultPoint[]): Finding {
  const claim = `Fig. 3b: trained on easy only, the main network learns the easy towers (easy accuracy at least ${EASY_TARGET}; the paper: about 0.98).`;
  const easy = fig3At(results, 'easy');
  if (!easy) return notRun('easy-learned', claim, 'fig3');
  return finding(
    'easy-learned',
    claim,
    judge({
      a: sample('easy accuracy', easy),
      b: { label: 'target', value: EASY_TARGET },
      direction: 'greater',
    }),
  );
}

function easyBias(results: readonly ResultPoint[]): Finding {
  const claim = `Fig. 3b: trained on easy only, hard accuracy is clearly (by at least ${CLEAR_GAP}) below easy accuracy.`;
  const easy = fig3At(results, 'easy');
  const hard = fig3At(results, 'hard');
  if (!easy || !hard) return notRun('easy-bias', claim, 'fig3');
  const verdict = judge({
    a: sample('easy', easy),
    b: sample('hard', hard),
    direction: 'greater',
    margin: CLEAR_GAP,
  });
  return finding('easy-bias', claim, gated(easy.mean, verdict));
}

function lambdaSweep(results: readonly ResultPoint[], figure: 'fig5' | 'fig6') {
  const rows = results.filter((r) => r.figure === figure);
  const lambdas = [...new Set(rows.map((r) => r.lambda))].sort((a, b) => a - b);
  const main = (lambda: number, category: string) =>
    pick(rows, { lambda, task: 'global', measure: 'accuracy', category });
  const stethoscope = (lambda: number) =>
    rows.find((r) => r.lambda === lambda && r.task !== 'global' && r.measure === 'accuracy');
  return { lambdas, main, stethoscope, easy0: main(0, 'easy')?.mean };
}

function adversarialDebias(results: readonly ResultPoint[]): Finding {
  const claim = `Fig. 6a: for some negative lambda, hard accuracy rises above lambda = 0, the stethoscope accuracy falls, and easy accuracy stays within ${EASY_KEPT}.`;
  const { lambdas, main, stethoscope, easy0 } = lambdaSweep(results, 'fig6');
  const negative = lambdas.filter((l) => l < 0);
  if (!main(0, 'hard') || !stethoscope(0) || negative.length === 0) {
    return notRun('adversarial-debias', claim, 'fig6 with adversarial lambdas');
  }
  const verdict = someOf(
    negative.map((l) => ({
      label: `lambda ${l}`,
      verdict: allOf([
        {
          label: 'hard rises',
          verdict: compare([`hard at ${l}`, main(l, 'hard')], ['at 0', main(0, 'hard')], {
            direction: 'greater',
          }),
        },
        {
          label: 'stethoscope falls',
          verdict: compare([`stethoscope at ${l}`, stethoscope(l)], ['at 0', stethoscope(0)], {
            direction: 'less',
          }),
        },
        {
          label: 'easy kept',
          verdict: compare([`easy at ${l}`, main(l, 'easy')], ['at 0', main(0, 'easy')], {
            direction: 'greater',
            margin: -EASY_KEPT,
          }),
        },
      ]),
    })),
  );
  return finding('adversarial-debias', claim, gated(easy0, verdict));
}

function auxiliaryBias(results: readonly ResultPoint[]): Finding {
  const claim =
    'Fig. 6b: auxiliary training on local stability lowers hard accuracy (largest lambda vs lambda = 0).';
  const { lambdas, main, easy0 } = lambdaSweep(results, 'fig6');
  const positive = lambdas.filter((l) => l > 0);
  if (!main(0, 'hard') || positive.length === 0)
    return notRun('auxiliary-bias', claim, 'fig6 with auxiliary lambdas');
  const largest = positive[positive.length - 1]!;
  const verdict = compare([`hard at ${largest}`, main(largest, 'hard')], ['at 0', main(0, 'hard')], {
    direction: 'less',
  });
  return finding('auxiliary-bias', claim, gated(easy0, verdict));
}

/** Fig. 4's curves in network order: probe accuracy per end point for one task. */
export function probeCurve(results: readonly ResultPoint[], task: string): ResultPoint[] {
  return results.filter(
    (r) => r.figure === 'fig4' && r.task === task && r.measure === 'accuracy' && r.tap !== null,
  );
}

function localPeaksEarly(results: readonly ResultPoint[]): Finding {
  const claim =
    'Fig. 4: local-stability accessibility peaks before the last block (the best earlier end point beats the last) while global-stability accessibility keeps rising (the last end point beats that one).';
  const local = probeCurve(results, 'local');
  const global = probeCurve(results, 'global');
  if (local.length < 2 || global.length !== local.length) return notRun('local-peaks-early', claim, 'fig4');
  const last = local.length - 1;
  // The best end point before the last, on the mean (the claim is about where the curve peaks).
  const peak = local.slice(0, last).reduce((best, p, i) => (p.mean > local[best]!.mean ? i : best), 0);
  const [peakTap, lastTap] = [local[peak]!.tap!, local[last]!.tap!];
  const globalAt = (tap: string) => global.find((r) => r.tap === tap);
  return finding(
    'local-peaks-early',
    claim,
    allOf([
      {
        label: 'local peaks early',
        verdict: compare([`local at ${peakTap}`, local[peak]], [`at ${lastTap}`, local[last]], {
          direction: 'greater',
        }),
      },
      {
        label: 'global keeps rising',
        verdict: compare([`global at ${lastTap}`, globalAt(lastTap)], [`at ${peakTap}`, globalAt(peakTap)], {
          direction: 'greater',
        }),
      },
    ]),
  );
}

function originHelpsHard(results: readonly ResultPoint[]): Finding {
  const claim =
    'Fig. 5: trained on hard only, an auxiliary origin stethoscope raises mean accuracy above lambda = 0 for some lambda > 0.';
  const { lambdas, main } = lambdaSweep(results, 'fig5');
  const positive = lambdas.filter((l) => l > 0);
  if (!main(0, 'mean') || positive.length === 0) return notRun('origin-helps-hard', claim, 'fig5');
  return finding(
    'origin-helps-hard',
    claim,
    someOf(
      positive.map((l) => ({
        label: `lambda ${l}`,
        verdict: compare([`mean at ${l}`, main(l, 'mean')], ['at 0', main(0, 'mean')], {
          direction: 'greater',
        }),
      })),
    ),
  );
}

function adversarialRecovers(results: readonly ResultPoint[]): Finding {
  const claim = `Fig. 7: after adversarial training, a stethoscope trained on the frozen network recovers to within ${RECOVERY_TOLERANCE} of the analytic (lambda = 0) baseline.`;
  const rows = results.filter((r) => r.figure === 'fig7');
  const baseline = pick(rows, { lambda: 0, task: 'local', measure: 'accuracy' });
  const lambdas = [...new Set(rows.filter((r) => r.measure === 'recovery').map((r) => r.lambda))].sort(
    (a, b) => a - b,
  );
  if (!baseline || lambdas.length === 0) return notRun('adversarial-recovers', claim, 'fig7');
  return finding(
    'adversarial-recovers',
    claim,
    allOf(
      lambdas.map((l) => {
        const curve = rows.filter((r) => r.lambda === l && r.measure === 'recovery');
        const start = curve.find((r) => r.epoch === 0);
        const end = curve.reduce((a, r) => ((r.epoch ?? 0) > (a.epoch ?? 0) ? r : a));
        return {
          label: `lambda ${l} (${f3(start?.mean)} when frozen)`,
          verdict: compare([`after ${end.epoch} epochs`, end], ['baseline', baseline], {
            direction: 'greater',
            margin: -RECOVERY_TOLERANCE,
          }),
        };
      }),
    ),
  );
}

/** Checks the findings of Figs. 3 to 7 on `results.json` records (each carrying its seeds' values). */
export function checkFindings(results: readonly ResultPoint[]): Finding[] {
  return [
    easyLearned(results),
    easyBias(results),
    adversarialDebias(results),
    auxiliaryBias(results),
    localPeaksEarly(results),
    originHelpsHard(results),
    adversarialRecovers(results),
  ];
}
