/**
 * The paper's findings on a reduced quick-profile run, end to end in real
 * worker processes from the built app: the quick profile's 4,000 close-up
 * towers, network and epochs, but one seed, and only the figures the
 * issue's four findings rest on (Fig. 3 for the easy-only bias, Fig. 4's
 * probes, Fig. 6 at lambda -0.3, 0 and 1). About 12 minutes on 2 cores.
 * Runs are deterministic for a given seed and thread count, so this checks
 * the same numbers every time; the README gives those of the full
 * two-seed run. One seed cannot show seed noise, so every verdict here is
 * "no verdict"; the test checks that, and that seed 0 goes the paper's way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '@steth/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, FindingId } from '../src/findings';
import { type ReproductionResult, runReproduction } from '../src/run-reproduction';

/** Budget of the reduced run: about 12 minutes alone on 2 cores, more beside the other test files. */
const REDUCED_RUN_TIMEOUT = 28 * 60_000;

let result: ReproductionResult;
const outDir = mkdtempSync(join(tmpdir(), 'steth-findings-'));
const finding = (id: FindingId): Finding => result.findings.find((f) => f.id === id)!;

/** Every comparison under a verdict (the parts of combined ones). */
const comparisons = (v: Verdict): NonNullable<Verdict['comparison']>[] =>
  v.comparison ? [v.comparison] : (v.parts ?? []).flatMap((p) => comparisons(p.verdict));

/** One seed: no verdict, for want of seed noise; and on seed 0 every comparison goes the claimed way. */
const seedZeroGoesTheClaimedWay = (id: FindingId) => {
  const { verdict } = finding(id);
  expect(verdict.kind).toBe('no verdict');
  expect(finding(id).detail).toMatch(/too few seeds to estimate seed noise/);
  const seeds = comparisons(verdict).flatMap((c) => c.perSeed);
  expect(seeds.length).toBeGreaterThan(0);
  expect(seeds.every((s) => s.seed === 0 && s.claimedWay)).toBe(true);
};

beforeAll(async () => {
  result = await runReproduction({
    figures: ['fig3', 'fig4', 'fig6'],
    outDir,
    seeds: 1,
    progress: false,
  });
}, REDUCED_RUN_TIMEOUT);

// 200 MB of towers and runs
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("the paper's findings on a reduced quick run", () => {
  it('learns global stability well above chance when trained on all towers', () => {
    const mean = result.figures[0]!.results.find(
      (r) => r.trainSplit === 'all' && r.category === 'mean',
    )!.mean;
    expect(mean).toBeGreaterThan(0.7);
  });

  it('1. trained on easy only, hard accuracy is below easy accuracy', () => {
    // The check's margin is 0.15 now; seed 0 of the quick profile's old network had a gap near it, so
    // this asserts the 0.1 the earlier check asked for.
    const [gap] = comparisons(finding('easy-bias').verdict)[0]!.perSeed;
    expect(gap!.difference).toBeGreaterThan(0.1);
    expect(finding('easy-bias').verdict.kind).toBe('no verdict');
  });

  it('2. (half of it) adversarial training makes local stability less accessible to the stethoscope', () => {
    // The other half, hard accuracy rising above lambda = 0, does not hold for the quick profile's small
    // network (0.536 at lambda = -0.3 vs 0.567 at 0 for seed 0); the report and README say so.
    const fig6 = result.figures.find((f) => f.figure === 'fig6')!.results;
    const stethoscope = (lambda: number) => fig6.find((r) => r.lambda === lambda && r.task === 'local')!.mean;
    expect(stethoscope(-0.3)).toBeLessThan(stethoscope(0));
    expect(finding('adversarial-debias').verdict.kind).toBe('no verdict');
  });

  it('3. auxiliary training on local stability lowers hard accuracy', () => {
    seedZeroGoesTheClaimedWay('auxiliary-bias');
  });

  it('4. local-stability accessibility peaks before the last block while global keeps rising', () => {
    seedZeroGoesTheClaimedWay('local-peaks-early');
  });
});
