#!/usr/bin/env node
/**
 * Takes the README's screenshot: serves the built site (dist/) on
 * loopback, opens it in headless Chromium, clicks the Fig. 9 preset at the
 * real settings (10 000 training and 2 000 test digits, unless a query
 * string is given) and saves docs/playground.png when every run is done.
 * Prints each panel's last figures. Run `pnpm --filter playground build` first.
 *
 *   node scripts/screenshot.mjs [query, e.g. "epochs=3&backend=cpu"]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, serveLoopback } from '@steth/browser-test';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const query = process.argv[2] ?? 'epochs=3&backend=cpu';
const server = await serveLoopback({ root: join(appDir, 'dist') });
const browser = await launchChromium();
try {
  const { page, errors } = await browser.newPage();
  await page.setViewportSize({ width: 1700, height: 1000 });
  await page.goto(`${server.origin}/?${query}`);
  const started = Date.now();
  await page.click('#preset');
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.panel[data-done="true"], .panel[data-error]').length ===
      document.querySelectorAll('.panel').length,
    null,
    { timeout: 0, polling: 2000 },
  );
  for (const text of await page.locator('.panel h2, .panel .figures').allTextContents()) console.log(text);
  console.log(
    `${await page.textContent('#backend')}; ${((Date.now() - started) / 1000).toFixed(0)} s; console errors: ${errors.length}`,
  );
  mkdirSync(join(appDir, 'docs'), { recursive: true });
  await page.screenshot({ path: join(appDir, 'docs', 'playground.png'), fullPage: true });
} finally {
  await browser.close();
  await server.close();
}
