/**
 * `@steth/models/testing`: helpers for tests of Steth models and of models
 * contributed to the registry. The leak check they use is
 * `expectNoLeakedTensors` from `@steth/core/testing`.
 */
export type { ModelConformanceOptions, ModelConformanceReport } from './model-conformance';
export { checkModelConformance, ModelConformanceError } from './model-conformance';
