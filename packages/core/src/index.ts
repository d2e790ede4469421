export type { AccessibilityConfig, AccessibilityReport, ProbeInput } from './accessibility';
export { majorityClassAccuracy, measureAccessibility, shuffleWithinGroups } from './accessibility';
export type { BatchNormRecalibration, RecalibrationBatch } from './batch-norm-recalibration';
export { batchNormLayers, recalibrateBatchNorm } from './batch-norm-recalibration';
export type {
  CheckpointInfo,
  RestoreCheckpointOptions,
  SerializeCheckpointOptions,
} from './checkpoint';
export { restoreCheckpoint, serializeCheckpoint } from './checkpoint';
export type { DivergenceContext } from './divergence';
export { assertFiniteLoss } from './divergence';
export {
  BackendUnavailableError,
  CheckpointError,
  InvalidArgumentError,
  StethError,
  StethoscopeModelMismatchError,
  TrainingDivergedError,
} from './errors';
export type { FreshStethoscopeOptions, ProbeData, ProbeEvaluation } from './freeze';
export {
  computeTapFeatures,
  evaluateHeadOnFeatures,
  evaluateStethoscope,
  labelTensorOf,
  trainFreshStethoscope,
  trainHeadOnFeatures,
} from './freeze';
export type { GradientCosineInput } from './gradient-cosine';
export { gradientCosineAtTap } from './gradient-cosine';
export { gradientReversal } from './gradient-reversal';
export type {
  DannLambdaConfig,
  LambdaSchedule,
  LambdaSpec,
  RampLambdaConfig,
  StethoscopeMode,
} from './lambda-schedule';
export { constantLambda, dannLambda, modeOf, rampLambda, resolveLambda } from './lambda-schedule';
export type {
  ExponentialDecayConfig,
  LearningRateSchedule,
  LearningRateSpec,
  StepDecayConfig,
} from './learning-rate-schedule';
export {
  constantLearningRate,
  exponentialDecayLearningRate,
  resolveLearningRate,
  stepDecayLearningRate,
} from './learning-rate-schedule';
export type {
  CategoryAccuracy,
  EvalRecord,
  MetricsListener,
  MetricsRecord,
  StepRecord,
  StethoscopeEvalMetrics,
  StethoscopeStepMetrics,
} from './metrics';
export { createJsonLinesListener } from './metrics';
export type { ModelArtifactsLite, StoredWeightSpec } from './model-weights';
export { deserializeModel, restoreModelWeights, serializeModelWeights } from './model-weights';
export type { SparseConnection, SparseConnectionConfig } from './sparse-connection';
export { createSparseConnection, DEFAULT_SPARSE_NON_ZEROS, inputDegrees } from './sparse-connection';
export type { AdversarialObjective, Stethoscope, StethoscopeConfig } from './stethoscope';
export { ADVERSARIAL_OBJECTIVES, createStethoscope } from './stethoscope';
export type {
  ConnectionKind,
  HeadApplyOptions,
  StethoscopeHead,
  StethoscopeHeadConfig,
} from './stethoscope-head';
export { createStethoscopeHead, DEFAULT_HEAD_HIDDEN } from './stethoscope-head';
export type { LogitsAndLabels, PredictionsAndLabels, TaskKind, TaskSpec } from './stethoscope-losses';
export {
  accuracyByCategory,
  complementCrossEntropy,
  correctPerExample,
  flippedTaskLoss,
  meanSquaredError,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  taskAccuracy,
  taskLoss,
  validateLabels,
} from './stethoscope-losses';
export { createStethoscopeTrainer, DEFAULT_LEARNING_RATE } from './stethoscope-trainer';
export { stopGradient } from './stop-gradient';
export type { ResolvedTap, TappedModel, TapTarget } from './tap';
export { createTappedModel, resolveTap } from './tap';
export type {
  ExtractTapFeaturesOptions,
  FeatureBatch,
  TapFeatureExtractor,
  TapFeatureOptions,
} from './tap-features';
export { createTapFeatureExtractor, extractTapFeatures } from './tap-features';
export type { EvaluateOptions } from './trainer-evaluation';
export type { NamedTensor, TrainerState } from './trainer-state';
export type {
  MainLossFunction,
  OptimizerFactory,
  StethoscopeBatch,
  StethoscopePrediction,
  StethoscopeTrainer,
  StethoscopeTrainerConfig,
} from './trainer-types';
