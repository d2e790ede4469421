/**
 * `@steth/core/node`: the parts of Steth that need Node. The TensorFlow.js
 * backend loader (it probes the file system for native backends) and
 * checkpoints / model weights as files (written atomically). Everything
 * else, including checkpoints as bytes, is in the browser-safe main entry
 * `@steth/core`.
 */
export type {
  BackendCandidate,
  BackendChoice,
  BackendProbe,
  BackendReport,
  BackendStatus,
  LoadBackendOptions,
} from '../backend-loader';
export {
  BACKEND_CHOICES,
  BACKEND_ENV_VAR,
  loadBackend,
  probeBackends,
} from '../backend-loader';
export type { SaveCheckpointOptions, WriteFileOptions } from '../checkpoint-file';
export {
  loadCheckpoint,
  loadModelFromWeightsFile,
  loadModelWeights,
  saveCheckpoint,
  saveModelWeights,
} from '../checkpoint-file';
