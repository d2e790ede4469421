/**
 * The sweep worker process: loads the TensorFlow.js backend once (the
 * choice comes from `STETH_BACKEND`, set by the parent), then runs
 * (point, seed) trials sent by the parent's pool.
 */
import { loadBackend } from '@steth/core/node';
import { serveSweepWorker } from '@steth/lab/worker';
import type { MnistHintsPoint } from './settings';
import { runTrial } from './train-run';

let backend: Promise<unknown> | undefined;

serveSweepWorker<MnistHintsPoint>(async (point, seed, { onEpoch }) => {
  backend ??= loadBackend();
  await backend;
  return { ...runTrial(point, seed, onEpoch) };
});
