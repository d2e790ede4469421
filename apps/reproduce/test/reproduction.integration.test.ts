/**
 * The tower reproduction's pipeline end to end, in real worker processes
 * from the built app (`pnpm test` builds first): 48 close-up towers at 80 px
 * from one camera, every figure (3 to 7) for one epoch and one seed, two
 * probed end points. Far too small to learn stability, so it checks the
 * plumbing (data, shared runs, resume, results.json, figures, report in
 * Chromium); `findings.integration.test.ts` checks the paper's findings on
 * a run large enough to learn.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkReportInBrowser } from '@steth/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../src/profiles';
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
  fig5Lambdas: [2],
  fig6Lambdas: [-1, 1],
  settings: {
    imageSize: 80,
    cameras: [1],
    epochs: 1,
    batchSize: 8,
    recoveryEpochs: 2,
    probes: { ...getProfile('quick').settings.probes, taps: ['Mixed_6a', 'Mixed_7a'], epochs: 1 },
  },
  progress: false,
});

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'steth-reproduce-'));
  result = await runReproduction(options());
}, REDUCED_RUN_TIMEOUT);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

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

  it('records that the data was rendered close up, and refuses to reuse it with other image settings', async () => {
    expect(JSON.parse(readFileSync(join(outDir, 'towers', 'rendering.json'), 'utf8'))).toEqual({
      imageSize: 80,
      cameras: [1],
      framing: 'close-up',
    });
    await expect(
      runReproduction({
        ...options(),
        outDir: join(outDir, 'other'),
        dataDir: join(outDir, 'towers'),
        settings: { ...options().settings, imageSize: 96 },
      }),
    ).rejects.toThrow(
      /rendering\.json: the towers in .* were rendered with other settings than this run needs: imageSize 80 -> 96\. Use another --data folder, or delete that one\./,
    );
  });

  it('writes one results.json record per (split, tap, task, lambda, category) with mean, interval and n', () => {
    const read = (figure: string) =>
      JSON.parse(readFileSync(join(outDir, figure, 'results.json'), 'utf8')) as ResultPoint[];
    const fig3 = read('fig3');
    expect(fig3).toHaveLength(3 * 7);
    expect(new Set(fig3.map((r) => r.trainSplit))).toEqual(new Set(['all', 'easy', 'hard']));
    const fig4 = read('fig4');
    expect(fig4.map((r) => String([r.measure, r.task, r.tap])).sort()).toEqual(
      [
        ['accuracy', 'global', 'Mixed_6a'],
        ['accuracy', 'global', 'Mixed_7a'],
        ['accuracy', 'local', 'Mixed_6a'],
        ['accuracy', 'local', 'Mixed_7a'],
        ['accuracy', 'origin', 'Mixed_6a'],
        ['accuracy', 'origin', 'Mixed_7a'],
        ['chance', 'global', null],
        ['chance', 'local', null],
        ['chance', 'origin', null],
        ['control', 'global', 'Mixed_6a'],
        ['control', 'global', 'Mixed_7a'],
        ['control', 'local', 'Mixed_6a'],
        ['control', 'local', 'Mixed_7a'],
        ['control', 'origin', 'Mixed_6a'],
        ['control', 'origin', 'Mixed_7a'],
      ]
        .map(String)
        .sort(),
    );
    const fig5 = read('fig5');
    expect(fig5.filter((r) => r.task === 'origin').map((r) => [r.lambda, r.tap, r.category])).toEqual([
      [0, 'PreLogits', 'all'],
      [2, 'PreLogits', 'all'],
    ]);
    const fig6 = read('fig6');
    expect(fig6.filter((r) => r.task === 'local').map((r) => [r.lambda, r.tap, r.category])).toEqual([
      [-1, 'PreLogits', 'all'],
      [0, 'PreLogits', 'all'],
      [1, 'PreLogits', 'all'],
    ]);
    const fig7 = read('fig7').filter((r) => r.measure === 'recovery');
    expect(fig7.map((r) => [r.lambda, r.epoch])).toEqual([
      [-1, 0],
      [-1, 1],
      [-1, 2],
    ]);
    for (const r of [...fig3, ...fig4, ...fig5, ...fig6, ...fig7]) {
      expect(r.n).toBe(1);
      expect(r.mean).toBeGreaterThanOrEqual(0);
      expect(r.mean).toBeLessThanOrEqual(1);
      expect(r.interval).toEqual([r.mean, r.mean]);
      // each seed's value beside the aggregates (open data)
      expect([r.seeds, r.values]).toEqual([[0], [r.mean]]);
    }
    // The hard-only run is shared by Figs. 3 and 5, the easy-only run by Figs. 3 and 6.
    const at = (rows: ResultPoint[], where: Partial<ResultPoint>) =>
      rows.find((r) =>
        Object.entries(where).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v),
      )!.mean;
    expect(at(fig3, { trainSplit: 'hard', category: 'mean' })).toBe(
      at(fig5, { lambda: 0, task: 'global', category: 'mean' }),
    );
    expect(at(fig3, { trainSplit: 'easy', category: 'hard' })).toBe(
      at(fig6, { lambda: 0, task: 'global', category: 'hard' }),
    );
    // 1 (all) + 2 (fig5) + 3 (fig6) runs, each once
    expect(result.figures.map((f) => [f.figure, f.runs])).toEqual([
      ['fig3', 3],
      ['fig4', 1],
      ['fig5', 2],
      ['fig6', 3],
      ['fig7', 2],
    ]);
    // Every finding is checked, with its numbers.
    expect(result.findings.map((f) => f.id)).toEqual([
      'easy-learned',
      'easy-bias',
      'adversarial-debias',
      'auxiliary-bias',
      'local-peaks-early',
      'origin-helps-hard',
      'adversarial-recovers',
    ]);
    for (const f of result.findings) expect(f.detail).toMatch(/\d\.\d{3}/);
  });

  it(
    'resumes: a second call finds every run recorded and reruns nothing',
    async () => {
      const again = await runReproduction(options());
      expect(again.data.generated).toBe(false);
      expect(again.sweepSeconds).toBeLessThan(5);
      expect(again.figures.map((f) => f.runs)).toEqual([3, 1, 2, 3, 2]);
      expect(again.figures.map((f) => f.results)).toEqual(result.figures.map((f) => f.results));
    },
    REDUCED_RUN_TIMEOUT,
  );

  it(
    'the report opens in headless Chromium with every figure displayed and no console errors',
    async () => {
      const figures = ['fig3', 'fig4', 'fig5', 'fig6', 'fig7'];
      for (const f of figures) {
        expect(existsSync(join(outDir, f, `${f}.png`))).toBe(true);
        expect(existsSync(join(outDir, f, 'results.csv'))).toBe(true);
      }
      const seen = await checkReportInBrowser(result.html);
      expect(seen.images.map((i) => i.src.replace(/^.*\/(fig\d\/)/, '$1'))).toEqual(
        figures.map((f) => `${f}/${f}.svg`),
      );
      for (const image of seen.images) expect(image.naturalWidth > 0 && image.visible).toBe(true);
      expect(seen.errors).toEqual([]);
      const html = readFileSync(result.html, 'utf8');
      expect(html).toContain('0.96');
      expect(html).toContain("The paper's findings on this run");
      expect(html).toMatch(/<td>(holds|within noise|does not hold|no verdict)[^<]*<\/td>/);
    },
    BROWSER_TIMEOUT,
  );
});
