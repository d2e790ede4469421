/**
 * `@steth/models/testing`: helpers for tests of Steth models and of models
 * contributed to the registry.
 */
export { expectNoLeakedTensors, TensorLeakError } from './expect-no-leaked-tensors';
export type { ModelConformanceOptions, ModelConformanceReport } from './model-conformance';
export { checkModelConformance, ModelConformanceError } from './model-conformance';
