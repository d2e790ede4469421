export type {
  BackendCandidate,
  BackendChoice,
  BackendProbe,
  BackendReport,
  BackendStatus,
  LoadBackendOptions,
} from './backend-loader';
export {
  BACKEND_CHOICES,
  BACKEND_ENV_VAR,
  defaultBackendCandidates,
  findPackageDir,
  loadBackend,
  probeBackends,
} from './backend-loader';
export { BackendUnavailableError, InvalidArgumentError, StethError } from './errors';
