/**
 * The sweep worker process: loads the TensorFlow.js backend once (the
 * choice comes from `STETH_BACKEND`, set by the parent), then runs
 * (point, seed) trials sent by the parent's pool.
 */
import { serveTrialWorker } from '@steth/lab/worker';
import type { MnistHintsPoint } from './settings';
import { runTrial } from './train-run';

serveTrialWorker((point: MnistHintsPoint, seed, { onEpoch }) => runTrial(point, seed, onEpoch));
