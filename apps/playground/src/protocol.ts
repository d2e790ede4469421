/**
 * The messages between the page and a training worker (src/worker.ts). One
 * worker trains one run; the page only draws.
 */
import type { EpochReport, RunConfig } from './training';

/** Which tfjs backend to use: `auto` tries WebGL, then wasm (variant 2 only), then cpu. */
export type BackendRequest = 'auto' | 'webgl' | 'wasm' | 'cpu';

export type ToWorker =
  | {
      type: 'start';
      config: RunConfig;
      epochs: number;
      dataUrl: string;
      trainSize?: number;
      testSize?: number;
      backend: BackendRequest;
    }
  | { type: 'pause' }
  | { type: 'resume' };

export type FromWorker =
  | { type: 'backend'; name: string; tried: string[] }
  | { type: 'ready'; trainCount: number; testCount: number; batchesPerEpoch: number }
  | { type: 'progress'; epoch: number; batch: number; batchesPerEpoch: number }
  | { type: 'epoch'; report: EpochReport }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'done' }
  | { type: 'error'; message: string };
