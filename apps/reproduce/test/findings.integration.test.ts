/**
 * The paper's findings on a reduced quick-profile run, end to end in real
 * worker processes from the built app: the quick profile's 4,000 close-up
 * towers, network and epochs, but one seed, and only the figures the
 * issue's four findings rest on (Fig. 3 for the easy-only bias, Fig. 4's
 * probes, Fig. 6 at lambda -0.3, 0 and 1). About 12 minutes on 2 cores.
 * Runs are deterministic for a given seed and thread count, so this checks
 * the same numbers every time; the README gives those of the full
 * two-seed run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, FindingId } from '../src/findings';
import { type ReproductionResult, runReproduction } from '../src/run-reproduction';

/** Budget of the reduced run: about 12 minutes alone on 2 cores, more beside the other test files. */
const REDUCED_RUN_TIMEOUT = 28 * 60_000;

let result: ReproductionResult;
const outDir = mkdtempSync(join(tmpdir(), 'steth-findings-'));
const finding = (id: FindingId): Finding => result.findings.find((f) => f.id === id)!;

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

  it('1. trained on easy only, hard accuracy is clearly below easy accuracy', () => {
    expect(finding('easy-bias')).toMatchObject({ holds: true });
  });

  it('2. (half of it) adversarial training makes local stability less accessible to the stethoscope', () => {
    // The other half, hard accuracy rising above lambda = 0, does not hold for the quick profile's small
    // network (0.536 at lambda = -0.3 vs 0.567 at 0 for seed 0); the report and README say so.
    const fig6 = result.figures.find((f) => f.figure === 'fig6')!.results;
    const stethoscope = (lambda: number) => fig6.find((r) => r.lambda === lambda && r.task === 'local')!.mean;
    expect(stethoscope(-0.3)).toBeLessThan(stethoscope(0));
    expect(finding('adversarial-debias').holds).not.toBeNull();
  });

  it('3. auxiliary training on local stability lowers hard accuracy', () => {
    expect(finding('auxiliary-bias')).toMatchObject({ holds: true });
  });

  it('4. local-stability accessibility peaks before the last block while global keeps rising', () => {
    expect(finding('local-peaks-early')).toMatchObject({ holds: true });
  });
});
