/**
 * The built playground in headless Chromium (Debian's chromium through
 * playwright-core, served from a loopback server): variant 1 of Appendix B
 * at lambda = -1 trains in a worker, the accuracy plot gains points for two
 * epochs, a click on Pause is handled while training runs (the page thread
 * stays free), the Fig. 9 preset runs lambda = -1, 0, +1 side by side and
 * lambda = -1 ends with the higher true accuracy, and the page logs no
 * errors. Headless Chromium has no GPU, so training runs on the cpu backend
 * (software WebGL is far slower) with a reduced subset (query parameters
 * `train`, `test`, `epochs`, `backend`).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { launchChromium, serveLoopback } from '@steth/browser-test';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * Waits until `count` elements match `selector`, failing at once with the panel's message if a run
 * reports an error. The preset's three panels train in parallel workers and finish in any order.
 */
async function waitForPanels(
  page: Page,
  selector: string,
  count = 1,
  timeout = TRAINING_TIMEOUT_MS,
): Promise<void> {
  const handle = await page.waitForFunction(
    ([s, n]) => {
      const failed = document.querySelector('.panel[data-error]');
      if (failed) return `error: ${failed.getAttribute('data-error')}`;
      return document.querySelectorAll(s).length >= n ? 'ok' : false;
    },
    [selector, count] as const,
    { timeout, polling: 250 },
  );
  expect(await handle.jsonValue()).toBe('ok');
}
const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOTS = join(appDir, 'test-output');
/** Reduced sizes: enough for lambda = -1 to beat lambda = 0, small enough for cpu in a headless browser. */
const QUERY = 'train=2000&test=500&epochs=3&backend=cpu';
const EPOCHS = 3;
const TRAINING_TIMEOUT_MS = 240_000;

let outDir: string;
beforeAll(async () => {
  await run('node', [join(appDir, 'scripts', 'prepare-mnist.mjs')]);
  outDir = mkdtempSync(join(tmpdir(), 'steth-playground-'));
  await build({ root: appDir, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}, TRAINING_TIMEOUT_MS);
afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

it(
  'trains Appendix B in a worker with a live plot, stays responsive, and lambda = -1 beats lambda = 0',
  async () => {
    const server = await serveLoopback({ root: outDir });
    const browser = await launchChromium();
    try {
      const { page, errors } = await browser.newPage();
      await page.setViewportSize({ width: 1500, height: 1100 });
      await page.goto(`${server.origin}/?${QUERY}`);

      // Variant 1 at lambda = -1: the mode is named by its sign.
      await page.selectOption('#variant', '1');
      await page.locator('#lambda').fill('-1');
      expect(await page.textContent('#lambda-mode')).toBe('adversarial');
      await page.click('#start');
      const panel = page.locator('.panel').first();
      await waitForPanels(page, '.panel[data-epochs="1"]');
      expect(await page.getAttribute('body', 'data-state')).toBe('training');
      const backend = await page.textContent('#backend');
      expect(backend).toBe('Backend: cpu');

      // A click while the worker trains is handled at once: the page thread is free.
      const clicked = Date.now();
      await page.click('#pause');
      await page.waitForFunction(() => document.querySelector('#pause')?.textContent === 'Resume', null, {
        timeout: 2_000,
      });
      const handledMs = Date.now() - clicked;
      await page.waitForSelector('body[data-state="paused"]');
      await page.waitForFunction(
        () => /paused after/.test(document.querySelector('.panel .status')?.textContent ?? ''),
        null,
        {
          timeout: 60_000,
        },
      );
      await page.click('#pause');
      await waitForPanels(page, '.panel[data-epochs="2"]');
      expect(await panel.locator('.figures').textContent()).toMatch(/^epoch 2: true accuracy 0\.\d{3}/);
      // The plot holds two epochs of each series.
      expect(await panel.getAttribute('data-points')).toBe('2');
      expect(await panel.locator('.u-legend .u-series').allTextContents()).toEqual([
        'true accuracy',
        'agrees with hint',
        'stethoscope accuracy',
      ]);
      expect(await panel.locator('.digit').count()).toBe(24);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'playground-single.png'), fullPage: true });

      // Fig. 9's three points side by side, same epochs.
      await page.click('#preset');
      expect(await page.locator('.panel').count()).toBe(3);
      await waitForPanels(page, `.panel[data-done="true"][data-epochs="${EPOCHS}"]`, 3);
      expect(await page.locator(`.panel[data-done="true"][data-epochs="${EPOCHS}"]`).count()).toBe(3);
      const accuracy = async (lambda: number) =>
        Number(await page.getAttribute(`.panel[data-lambda="${lambda}"]`, 'data-true-accuracy'));
      const [adversarial, analytic, auxiliary] = [await accuracy(-1), await accuracy(0), await accuracy(1)];
      await page.screenshot({ path: join(SCREENSHOTS, 'playground-fig9.png'), fullPage: true });
      console.error(
        `playground: ${backend}; pause handled in ${handledMs} ms; after ${EPOCHS} epochs true accuracy ` +
          `lambda -1: ${adversarial}, 0: ${analytic}, +1: ${auxiliary}`,
      );
      expect(handledMs).toBeLessThan(2_000);
      expect(adversarial).toBeGreaterThan(analytic);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  },
  2 * TRAINING_TIMEOUT_MS,
);
