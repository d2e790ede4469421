/**
 * The `paper` profile's code path at toy size, on the CPU: the full
 * Inception-v4 of Section 4 (not the small net of the quick profile) with
 * its stethoscope at PreLogits and Fig. 4's probes at every module end point,
 * on a handful of towers from ShapeStacks' camera at 75 px (the smallest
 * input Inception-v4's valid convolutions take), one epoch, one seed. It
 * keeps the GPU profile from rotting while nobody here can run it at full
 * size; it checks that it runs and reports, not what it learns.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile, moduleEndPoints } from '../src/profiles';
import { type ReproductionResult, runReproduction } from '../src/run-reproduction';

/** Budget of the toy paper run on 2 loaded cores (96 s and 292 s on this shared machine). */
const PAPER_SMOKE_TIMEOUT = 12 * 60_000;

let outDir: string;
let result: ReproductionResult;
const paper = getProfile('paper');

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'steth-paper-smoke-'));
  result = await runReproduction({
    profile: 'paper',
    figures: ['fig4', 'fig5'],
    outDir,
    towers: 8,
    seeds: 1,
    fig5Lambdas: [1],
    settings: {
      imageSize: 75,
      cameras: [1],
      epochs: 1,
      batchSize: 4,
      recoveryEpochs: 1,
      // Mixed_5a..5e at 75 px: 7 x 7 x 384 = 18,816 inputs, rounded up to 74 x 256.
      probes: { ...paper.settings.probes, epochs: 1, nonZeros: 18944 },
    },
    progress: false,
  });
}, PAPER_SMOKE_TIMEOUT);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('paper profile at toy size (CPU)', () => {
  it("trains the paper's Inception-v4 with its settings, save the overridden sizes", () => {
    const config = JSON.parse(readFileSync(join(outDir, 'runs', 'config.json'), 'utf8')) as {
      settings: { profile: string; settings: Record<string, unknown> };
    };
    expect(config.settings.profile).toBe('paper');
    expect(config.settings.settings).toMatchObject({
      model: 'inception-v4',
      imageSize: 75,
      framing: 'shapestacks',
      pixelScale: 'raw',
      optimizer: { learningRate: 0.045, decay: 0.9, epsilon: 1, epochDecay: 0.975 },
      stethoscopeHidden: 256,
      dropoutKeepProb: 0.8,
    });
    expect(result.data).toMatchObject({ generated: true, towers: 8 });
  });

  it('runs the main network, the PreLogits origin stethoscope and the probes at every module end point', () => {
    const runs = readFileSync(join(outDir, 'runs', 'runs.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { pointId: string; metrics: Record<string, number> });
    expect(runs.map((r) => r.pointId).sort()).toEqual(
      ['all+probes', 'hard-origin@PreLogits-lambda=0', 'hard-origin@PreLogits-lambda=1'].sort(),
    );
    // With 8 towers the test split (15 %, drawn per tower) misses some categories, whose
    // accuracies are NaN (null in JSON); the training accuracy is always there.
    for (const run of runs) {
      expect(run.metrics.trainAccuracy, run.pointId).toBeGreaterThanOrEqual(0);
      expect(run.metrics.trainAccuracy, run.pointId).toBeLessThanOrEqual(1);
    }
    const probed = runs.find((r) => r.pointId === 'all+probes')!;
    for (const tap of moduleEndPoints([4, 7, 3])) {
      expect(probed.metrics[`probe/global/${tap}`]).toBeGreaterThanOrEqual(0);
    }
    const withStethoscope = runs.find((r) => r.pointId === 'hard-origin@PreLogits-lambda=1')!;
    expect(withStethoscope.metrics.stethoscopeAccuracy).toBeGreaterThanOrEqual(0);
  });

  it('writes the figures and the report', () => {
    expect(result.figures.map((f) => f.figure)).toEqual(['fig4', 'fig5']);
    expect(readFileSync(result.html, 'utf8')).toContain('paper profile');
  });
});
