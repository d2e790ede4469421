/**
 * The sweep worker process: loads the fastest TensorFlow.js backend once
 * (resolved from this app, so @steth/tfjs-backend-native is found), then
 * runs (point, seed) tower trials sent by the parent's pool.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveTrialWorker } from '@steth/lab/worker';
import type { TowerPoint } from './settings';
import { runTowerTrial } from './train-run';

serveTrialWorker((point: TowerPoint, seed, { onEpoch }) => runTowerTrial(point, seed, onEpoch), {
  resolveFrom: [dirname(fileURLToPath(import.meta.url)), process.cwd()],
});
