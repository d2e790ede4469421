/**
 * A reduced tower reproduction end to end, in real worker processes from the
 * built app (`pnpm test` builds first): 48 towers generated at 80 px from
 * one camera, Fig. 3 and a three-point Fig. 6 for one epoch and one seed.
 * Far too small to learn stability, so it checks the pipeline (data, sweep,
 * resume, results.json, figures, report in Chromium), not the paper's
 * findings; see the README for what a full quick run shows.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkReportInBrowser } from '@steth/lab';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResultPoint } from '../src/results';
import { type ReproductionResult, runReproduction } from '../src/run-reproduction';

/** Budget of the reduced run on 2 loaded cores. */
const REDUCED_RUN_TIMEOUT = 6 * 60_000;
const BROWSER_TIMEOUT = 90_000;

let outDir: string;
let result: ReproductionResult;
const options = () => ({
  outDir,
  towers: 48,
  seeds: 1,
  lambdas: [-1, 0, 1],
  settings: { imageSize: 80, cameras: [1], epochs: 1, batchSize: 8 },
  progress: false,
});

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'steth-reproduce-'));
  result = await runReproduction(options());
}, REDUCED_RUN_TIMEOUT);

describe('tower reproduction, reduced run', () => {
  it('generates the towers balanced over A-D when they are missing', () => {
    expect(result.data).toMatchObject({ generated: true, towers: 48 });
    const manifest = readFileSync(join(outDir, 'towers', 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const counts: Record<string, number> = {};
    for (const line of manifest) {
      const c = (JSON.parse(line) as { category: string }).category;
      counts[c] = (counts[c] ?? 0) + 1;
    }
    expect(counts).toEqual({ A: 12, B: 12, C: 12, D: 12 });
  });

  it('writes one results.json record per (split, tap, task, lambda, category) with mean, interval and n', () => {
    const read = (figure: string) =>
      JSON.parse(readFileSync(join(outDir, figure, 'results.json'), 'utf8')) as ResultPoint[];
    const fig3 = read('fig3');
    expect(fig3).toHaveLength(3 * 7);
    expect(new Set(fig3.map((r) => r.trainSplit))).toEqual(new Set(['all', 'easy', 'hard']));
    const fig6 = read('fig6');
    expect(fig6.filter((r) => r.task === 'local').map((r) => [r.lambda, r.tap, r.category])).toEqual([
      [-1, 'Mixed_7a', 'all'],
      [0, 'Mixed_7a', 'all'],
      [1, 'Mixed_7a', 'all'],
    ]);
    for (const r of [...fig3, ...fig6]) {
      expect(r.n).toBe(1);
      expect(r.mean).toBeGreaterThanOrEqual(0);
      expect(r.mean).toBeLessThanOrEqual(1);
      expect(r.interval).toEqual([r.mean, r.mean]);
    }
    // Checked, with the numbers; at this size the network stays near chance, so no verdict is expected.
    expect(result.findings.map((f) => f.id)).toEqual(['easy-bias', 'adversarial-debias', 'auxiliary-bias']);
    for (const f of result.findings) expect(f.detail).toMatch(/hard/);
  });

  it(
    'resumes: a second call finds every run recorded and reruns nothing',
    async () => {
      const again = await runReproduction(options());
      expect(again.data.generated).toBe(false);
      expect(again.figures.map((f) => f.runs)).toEqual([3, 3]);
      expect(again.figures.map((f) => f.results)).toEqual(result.figures.map((f) => f.results));
    },
    REDUCED_RUN_TIMEOUT,
  );

  it(
    'the report opens in headless Chromium with both figures displayed and no console errors',
    async () => {
      for (const f of ['fig3/fig3.png', 'fig6/fig6.png']) expect(existsSync(join(outDir, f))).toBe(true);
      const seen = await checkReportInBrowser(result.html);
      expect(seen.images.map((i) => i.src.replace(/^.*\/(fig\d\/)/, '$1'))).toEqual([
        'fig3/fig3.svg',
        'fig6/fig6.svg',
      ]);
      for (const image of seen.images) expect(image.naturalWidth > 0 && image.visible).toBe(true);
      expect(seen.errors).toEqual([]);
      const html = readFileSync(result.html, 'utf8');
      expect(html).toContain('0.96');
      expect(html).toMatch(/agrees|does NOT agree/);
    },
    BROWSER_TIMEOUT,
  );
});
