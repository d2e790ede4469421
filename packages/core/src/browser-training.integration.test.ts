/**
 * @steth/core trains a stethoscope in a browser: headless Chromium loads
 * the esbuild browser bundle of the main entry with TensorFlow.js supplied
 * by the page (an import map to tfjs's own ESM build), trains a tiny model
 * with an analytic stethoscope (Section 3, lambda = 0) for a few steps on
 * tfjs's cpu backend, evaluates, and serialises a checkpoint to bytes
 * (Web Crypto's SHA-256, in the page). Served from a loopback server.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { launchChromium, serveLoopback } from '@steth/browser-test';
import { describe, expect, it } from 'vitest';
import { bundleCoreForBrowser, packageDir } from '../test/browser-bundle';

const BROWSER_TIMEOUT_MS = 120_000;
const STEPS = 40;

const tfjsDir = dirname(
  createRequire(join(packageDir, 'package.json')).resolve('@tensorflow/tfjs/package.json'),
);

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>@steth/core in a browser</title>
<script type="importmap">{ "imports": { "@tensorflow/tfjs": "/tfjs.js" } }</script>
</head><body><script type="module" src="/train.js"></script></body></html>`;

// Runs in the page. A binary main task (x0 > 0) and an analytic stethoscope
// on the encoder for a second factor (x1 > 0) that the encoder also carries.
const TRAIN = `
import * as tf from '@tensorflow/tfjs';
import * as steth from '/core.js';
try {
  await tf.setBackend('cpu');
  await tf.ready();
  const n = 256;
  const x = tf.randomNormal([n, 4], 0, 1, 'float32', 1);
  const y = tf.cast(tf.greater(x.slice([0, 0], [n, 1]).reshape([n]), 0), 'float32');
  const s = tf.cast(tf.greater(x.slice([0, 1], [n, 1]).reshape([n]), 0), 'float32');
  const input = tf.input({ shape: [4] });
  const encoder = tf.layers
    .dense({ units: 8, activation: 'relu', name: 'encoder', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })
    .apply(input);
  const logits = tf.layers
    .dense({ units: 1, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })
    .apply(encoder);
  const model = tf.model({ inputs: input, outputs: logits });
  const probe = steth.createStethoscope(model, { name: 'probe', tap: 'encoder', task: 'binary', lambda: 0, seed: 3 });
  const trainer = steth.createStethoscopeTrainer({
    model,
    mainTask: 'binary',
    stethoscopes: [probe],
    optimizer: () => tf.train.adam(0.03),
    stethoscopeOptimizer: () => tf.train.adam(0.03),
    seed: 4,
  });
  const losses = [];
  for (let i = 0; i < ${STEPS}; i++) losses.push(trainer.step({ x, y, s: { probe: s } }).mainLoss);
  const evaluation = trainer.evaluate([{ x, y, s: { probe: s } }], 'train');
  const { bytes, info } = await steth.serializeCheckpoint(trainer);
  window.__result = {
    backend: tf.getBackend(),
    mode: steth.modeOf(0),
    losses,
    evaluation,
    checkpoint: { bytes: bytes.byteLength, step: info.step },
  };
} catch (error) {
  window.__result = { error: String((error && error.stack) || error) };
}
`;

describe('@steth/core in headless Chromium', () => {
  it(
    'trains a stethoscope from the browser bundle and reports its accuracy',
    async () => {
      const bundle = await bundleCoreForBrowser('src');
      const server = await serveLoopback({
        routes: {
          '/': { body: PAGE, type: 'text/html; charset=utf-8' },
          '/train.js': { body: TRAIN, type: 'text/javascript' },
          '/core.js': { body: bundle.code, type: 'text/javascript' },
          '/tfjs.js': { file: join(tfjsDir, 'dist', 'tf.fesm.min.js') },
        },
      });
      const browser = await launchChromium();
      try {
        const { page, errors } = await browser.newPage();
        await page.goto(`${server.origin}/`);
        await page.waitForFunction(
          () => (globalThis as { __result?: unknown }).__result !== undefined,
          null,
          {
            timeout: BROWSER_TIMEOUT_MS,
          },
        );
        const result = (await page.evaluate(() => (globalThis as { __result?: unknown }).__result)) as {
          error?: string;
          backend: string;
          mode: string;
          losses: number[];
          evaluation: {
            step: number;
            mainAccuracy: number;
            stethoscopes: { probe: { accuracy: number; count: number } };
          };
          checkpoint: { bytes: number; step: number };
        };
        expect(result.error).toBeUndefined();
        expect(errors).toEqual([]);
        expect(server.requested).toEqual(expect.arrayContaining(['/', '/train.js', '/core.js', '/tfjs.js']));
        expect(result.backend).toBe('cpu');
        expect(result.mode).toBe('analytic');
        expect(result.losses).toHaveLength(STEPS);
        const first = result.losses[0]!;
        const last = result.losses.at(-1)!;
        expect(last).toBeLessThan(first * 0.7);
        expect(result.evaluation.step).toBe(STEPS);
        expect(result.evaluation.mainAccuracy).toBeGreaterThan(0.8);
        // The stethoscope's accuracy is reported, and it has learnt the second factor from the encoder.
        expect(result.evaluation.stethoscopes.probe.count).toBe(256);
        expect(result.evaluation.stethoscopes.probe.accuracy).toBeGreaterThan(0.6);
        expect(result.checkpoint.step).toBe(STEPS);
        expect(result.checkpoint.bytes).toBeGreaterThan(1000);
        if (process.env.STETH_VERBOSE)
          console.error(
            `browser: loss ${first.toFixed(3)} -> ${last.toFixed(3)}, main acc ${result.evaluation.mainAccuracy}, ` +
              `stethoscope acc ${result.evaluation.stethoscopes.probe.accuracy}`,
          );
      } finally {
        await browser.close();
        await server.close();
      }
    },
    BROWSER_TIMEOUT_MS,
  );
});
