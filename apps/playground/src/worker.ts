/**
 * The training worker: one Appendix B run (src/training.ts) off the page's
 * thread, so the page stays responsive. It picks the fastest tfjs backend
 * the browser offers (WebGL, else wasm for the MLP of variant 2, else cpu),
 * reports it, trains batch by batch, yields to its message queue between
 * batches (so pause is handled promptly) and posts each epoch's figures.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmSimdThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { parseMnistAsset } from './mnist-asset';
import type { BackendRequest, FromWorker, ToWorker } from './protocol';
import { createTrainingRun } from './training';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdThreadedUrl,
});

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);
let paused = false;
let resumeWaiter: (() => void) | undefined;

/** Backends to try, fastest first. wasm cannot train convolutions, so variant 1 skips it. */
function candidates(request: BackendRequest, variant: 1 | 2): string[] {
  if (request !== 'auto') return [request];
  return variant === 2 ? ['webgl', 'wasm', 'cpu'] : ['webgl', 'cpu'];
}

async function pickBackend(
  request: BackendRequest,
  variant: 1 | 2,
): Promise<{ name: string; tried: string[] }> {
  const tried: string[] = [];
  for (const name of candidates(request, variant)) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, tried };
      }
      tried.push(`${name}: unavailable`);
    } catch (error) {
      tried.push(`${name}: ${(error as Error).message}`);
    }
  }
  throw new Error(`No tfjs backend could start here (${tried.join('; ')}).`);
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function run(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const backend = await pickBackend(message.backend, message.config.variant);
  post({ type: 'backend', ...backend });
  const response = await fetch(message.dataUrl);
  if (!response.ok) throw new Error(`Could not load ${message.dataUrl}: HTTP ${response.status}.`);
  const data = parseMnistAsset(await response.arrayBuffer(), message.trainSize, message.testSize);
  const run = createTrainingRun(data, message.config);
  post({
    type: 'ready',
    trainCount: data.train.count,
    testCount: data.test.count,
    batchesPerEpoch: run.batchesPerEpoch,
  });
  try {
    let epoch = 0;
    let batch = 0;
    while (epoch < message.epochs) {
      if (paused) {
        post({ type: 'paused' });
        await new Promise<void>((resolve) => {
          resumeWaiter = resolve;
        });
        post({ type: 'resumed' });
      }
      const finished = run.step();
      batch++;
      if (finished) {
        epoch++;
        batch = 0;
        post({ type: 'epoch', report: run.evaluate() });
      } else if (batch % 4 === 0) {
        post({ type: 'progress', epoch, batch, batchesPerEpoch: run.batchesPerEpoch });
      }
      await nextTask();
    }
    post({ type: 'done' });
  } finally {
    run.dispose();
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'start') {
    run(message).catch((error: unknown) =>
      post({ type: 'error', message: (error as Error).message ?? String(error) }),
    );
  } else if (message.type === 'pause') {
    paused = true;
  } else if (message.type === 'resume') {
    paused = false;
    resumeWaiter?.();
    resumeWaiter = undefined;
  }
};
