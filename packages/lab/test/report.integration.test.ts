/** Figures, outputs and the HTML report of a small made-up sweep, checked in headless Chromium. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateRuns } from '../src/aggregate';
import { checkReportInBrowser } from '../src/browser-check';
import { lineFigureSpec, writeFigure } from '../src/figures';
import { writeAggregatesCsv, writeResultsJson } from '../src/outputs';
import { writeHtmlReport } from '../src/report';
import type { RunRecord } from '../src/run-log';

const BROWSER_TIMEOUT = 90_000;

function madeUpRuns(): RunRecord<{ qh: number; lambda: number }>[] {
  const runs: RunRecord<{ qh: number; lambda: number }>[] = [];
  for (const qh of [1, 0.5]) {
    for (const lambda of [-1, -0.1, 0, 0.1, 1]) {
      for (const seed of [0, 1, 2]) {
        const value = 0.5 + 0.3 * Math.tanh(-lambda) * qh + 0.01 * seed;
        runs.push({
          pointId: `q${qh}_l${lambda}`,
          point: { qh, lambda },
          seed,
          metrics: { accuracy: value },
          seconds: 0,
          finishedAt: '',
        });
      }
    }
  }
  return runs;
}

describe('a sweep report', () => {
  it(
    'writes SVG and PNG figures, CSV, results.json and an HTML page whose figures all display without console errors',
    async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'steth-report-'));
      const aggregates = aggregateRuns(madeUpRuns());
      const data = aggregates.map((a) => ({
        x: a.point.lambda,
        mean: a.metrics.accuracy!.mean,
        lower: a.metrics.accuracy!.lower,
        upper: a.metrics.accuracy!.upper,
        series: `q_h = ${a.point.qh}`,
      }));
      const figure = await writeFigure(
        outDir,
        'accuracy',
        lineFigureSpec({ title: 'accuracy vs lambda', data, seriesTitle: 'hint quality' }),
      );
      const second = await writeFigure(
        outDir,
        'again',
        lineFigureSpec({ title: 'again', data, xScale: 'linear' }),
      );
      const svg = readFileSync(join(outDir, figure.svg), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('q_h = 0.5');
      const png = readFileSync(join(outDir, figure.png));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // Rendered at twice the SVG size.
      const svgWidth = Number(/width="(\d+)"/.exec(svg)![1]);
      expect(png.readUInt32BE(16)).toBe(2 * svgWidth);

      const csv = readFileSync(writeAggregatesCsv(outDir, aggregates), 'utf8').trim().split('\n');
      expect(csv[0]).toBe('point,qh,lambda,metric,mean,sd,n,half_width,lower,upper,seeds,values');
      expect(csv[1]!.endsWith(',0;1;2,0.7284782467867295;0.7384782467867295;0.7484782467867295')).toBe(true);
      expect(csv).toHaveLength(11);
      const results = JSON.parse(readFileSync(writeResultsJson(outDir, aggregates), 'utf8'));
      expect(results).toHaveLength(10);
      expect(results[0].config).toEqual({ qh: 1, lambda: -1 });
      expect(results[0].metrics.accuracy.n).toBe(3);
      expect(results[0].metrics.accuracy.seeds).toEqual([0, 1, 2]);
      expect(results[0].metrics.accuracy.values).toHaveLength(3);
      expect(results[0].metrics.accuracy.interval[0]).toBeLessThan(results[0].metrics.accuracy.mean);

      const html = writeHtmlReport({
        outDir,
        title: 'Made-up sweep <test>',
        figures: [
          { title: 'Accuracy', ...figure, paperSays: 'Adversarial training helps.', observed: 'It did.' },
          { title: 'Again', ...second, paperSays: 'Quoted & escaped.' },
        ],
        tables: [{ title: 'Numbers', columns: ['a', 'b'], rows: [[1, null]] }],
      });
      expect(readFileSync(html, 'utf8')).toContain('Quoted &amp; escaped.');
      expect(existsSync(html)).toBe(true);

      const seen = await checkReportInBrowser(html);
      expect(seen.title).toBe('Made-up sweep <test>');
      expect(seen.images.map((i) => i.src)).toEqual(['accuracy.svg', 'again.svg']);
      for (const image of seen.images) {
        expect(image.naturalWidth).toBeGreaterThan(0);
        expect(image.visible).toBe(true);
      }
      expect(seen.errors).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'the browser check notices a missing figure',
    async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'steth-report-'));
      const html = writeHtmlReport({
        outDir,
        title: 'broken',
        figures: [{ title: 'x', svg: 'missing.svg', png: 'missing.png', paperSays: '' }],
      });
      const seen = await checkReportInBrowser(html);
      expect(seen.images[0]!.naturalWidth).toBe(0);
      expect(seen.errors.join(' ')).toMatch(/ERR_FILE_NOT_FOUND|Failed to load/);
    },
    BROWSER_TIMEOUT,
  );
});
