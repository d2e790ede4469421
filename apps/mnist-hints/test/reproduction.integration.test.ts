/**
 * The paper's Appendix B findings on a reduced run of the quick profile, in
 * real worker processes from the built app (`pnpm test` builds first), on
 * the backend @steth/core picks (the pure-JS `cpu` one on CI). Needs about
 * 7 minutes of 2 loaded cores on the cpu backend (see README); the seeds are
 * fixed, so the numbers are the same on every run of the same backend.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkReportInBrowser } from '@steth/lab';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MnistHintsResult, runMnistHints } from '../src/run-experiment';

/** Budget of the reduced sweep on 2 loaded cores with the cpu backend. */
const REDUCED_RUN_TIMEOUT = 30 * 60_000;
const BROWSER_TIMEOUT = 90_000;

let outDir: string;
let result: MnistHintsResult;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'steth-mnist-hints-'));
  result = await runMnistHints({
    profile: 'quick',
    outDir,
    progress: false,
    seeds: 3,
    // Variant 1 trains as in the quick profile (on 1500 images the network follows the hint less);
    // variant 2 on half of the quick profile's images.
    settings: { testSize: 1000 },
    settingsByVariant: { 2: { trainSize: 1500 } },
  });
}, REDUCED_RUN_TIMEOUT);

describe('MNIST with planted hints, reduced quick run', () => {
  const holds = (id: string) => {
    const finding = result.findings.find((f) => f.id === id);
    expect(finding, `finding ${id} was not checked`).toBeDefined();
    return { holds: finding!.holds, detail: finding!.detail };
  };

  it('variant 1, q_h = 1, lambda = 0: the network follows the hint (low true accuracy, high hint agreement)', () => {
    expect(holds('v1-follows-hint')).toEqual({ holds: true, detail: expect.any(String) });
  });

  it('variant 1: a negative lambda raises true accuracy with non-overlapping 1-sigma intervals', () => {
    expect(holds('v1-adversarial-helps')).toEqual({ holds: true, detail: expect.any(String) });
  });

  it('variant 1: a positive lambda does not help', () => {
    expect(holds('v1-auxiliary-does-not-help')).toEqual({ holds: true, detail: expect.any(String) });
  });

  it('variant 2: a moderate adversarial lambda helps and a very large one hurts', () => {
    const ids = result.findings.filter((f) => f.variant === 2).map((f) => f.id);
    expect(ids.some((id) => id.startsWith('v2-moderate-helps'))).toBe(true);
    expect(ids.some((id) => id.startsWith('v2-large-hurts'))).toBe(true);
    for (const f of result.findings.filter((x) => x.variant === 2)) {
      expect({ id: f.id, holds: f.holds, detail: f.detail }).toEqual({
        id: f.id,
        holds: true,
        detail: f.detail,
      });
    }
  });

  it('writes config, raw runs, aggregates (CSV and results.json) and figures as SVG and PNG', () => {
    expect(result.ran + result.skipped).toBe(result.totalRuns);
    for (const v of [1, 2]) {
      expect(existsSync(join(outDir, `variant-${v}`, 'config.json'))).toBe(true);
      const lines = readFileSync(join(outDir, `variant-${v}`, 'runs.jsonl'), 'utf8')
        .trim()
        .split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(9);
    }
    const results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'));
    const zero = results.find((r: { id: string }) => r.id === 'v1_qh1_lambda0');
    expect(zero.config).toEqual({ variant: 1, qh: 1, lambda: 0 });
    for (const metric of ['trueAccuracy', 'hintAgreement', 'stethoscopeAccuracy']) {
      expect(zero.metrics[metric].n).toBe(3);
      expect(zero.metrics[metric].interval[0]).toBeLessThanOrEqual(zero.metrics[metric].mean);
    }
    expect(readFileSync(join(outDir, 'aggregates.csv'), 'utf8')).toMatch(
      /^point,variant,qh,lambda,metric,mean,sd,n,/,
    );
    for (const name of ['fig9a-v1-true-accuracy', 'fig9b-v1-hint-agreement', 'fig10-v2-true-accuracy']) {
      expect(readFileSync(join(outDir, `${name}.svg`), 'utf8').startsWith('<svg')).toBe(true);
      expect(
        readFileSync(join(outDir, `${name}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
  });

  it(
    'the report opens in headless Chromium with every figure displayed and no console errors',
    async () => {
      const seen = await checkReportInBrowser(result.html);
      expect(seen.images.length).toBe(6);
      for (const image of seen.images) {
        expect({ src: image.src, shown: image.naturalWidth > 0 && image.visible }).toEqual({
          src: image.src,
          shown: true,
        });
      }
      expect(seen.errors).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );
});
