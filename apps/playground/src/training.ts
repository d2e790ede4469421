/**
 * One playground run of the paper's Appendix B: MNIST with a planted hint
 * (variant 1: one-hot hint beside the image, Fig. 8a; variant 2: hint
 * pixels in the image border, Fig. 8b), the main network of that variant
 * from @steth/models, and an n-way stethoscope reading the hint class at the
 * chosen tap, trained with @steth/core's trainer at weight lambda (Eq. 1;
 * lambda < 0 adversarial with flipped labels, 0 analytic, > 0 auxiliary).
 * After each epoch it measures, on test digits whose hints are independent
 * of the digit, the three quantities of Fig. 9: true accuracy, agreement
 * with the hint, and the stethoscope's accuracy. The settings follow the
 * Node app (apps/mnist-hints, profile `quick`): SGD with momentum for the
 * main network, under which the network follows a perfect hint at lambda 0.
 */
import {
  assertFiniteLoss,
  createStethoscope,
  createStethoscopeTrainer,
  type Stethoscope,
  type StethoscopeTrainer,
} from '@steth/core';
import { createMnistHints, type MnistHintsBatch, type MnistHintsDataset } from '@steth/datasets';
import {
  createModelFromDefinition,
  HINT_ENCODING_LAYER,
  hintScale,
  mnistHintsOneHotModel,
  mnistHintsPixelsModel,
  PIXEL_HINT_TAP_LAYER,
} from '@steth/models';
import * as tf from '@tensorflow/tfjs';
import type { MnistSubset } from './mnist-asset';

/** What one run trains. */
export interface RunConfig {
  variant: 1 | 2;
  /** Hint quality q_h of the training hints. */
  qh: number;
  /** Stethoscope weight lambda, -10 .. 10. */
  lambda: number;
  /** Layer the stethoscope taps; default: the paper's (hint_encoding / hidden_1_act). */
  tap?: string;
  /** Seed of weights, hints and batch order; default 0. */
  seed?: number;
  /** Batch size; default 64. */
  batchSize?: number;
}

/** A test digit as the grid shows it. */
export interface DigitSample {
  /** 784 bytes 0-255, hint pixels drawn in for variant 2. */
  pixels: Uint8Array;
  label: number;
  guess: number;
  /** The hint's digit (variant 1: the one-hot hint; variant 2: the digit its pixel pattern belongs to). */
  hintDigit: number;
}

/** The figures of one finished epoch (test split). */
export interface EpochReport {
  epoch: number;
  trueAccuracy: number;
  hintAgreement: number;
  stethoscopeAccuracy: number;
  /** Mean main loss over the epoch's training batches. */
  trainLoss: number;
  /** Variant 1: the hint encoder's scalar (near 0: hint hidden). */
  hintScale?: number;
  samples: DigitSample[];
}

const TEST_HINT_SEED_OFFSET = 100_003;
const SAMPLE_COUNT = 24;

function inputsOf(variant: 1 | 2, batch: MnistHintsBatch, hintClasses: number): tf.Tensor | tf.Tensor[] {
  const images = tf.tensor2d(batch.images, [batch.size, 784]);
  if (variant === 2) return images;
  return [images, tf.oneHot(tf.tensor1d(batch.hints, 'int32'), hintClasses).toFloat()];
}

/** A run that trains one epoch at a time, a batch per `step()`, so its host can pause between batches. */
export interface TrainingRun {
  readonly config: Required<RunConfig>;
  readonly batchesPerEpoch: number;
  /** Trains on the next batch; returns true when that finished an epoch. */
  step(): boolean;
  /** Measures the test figures after the last finished epoch. */
  evaluate(): EpochReport;
  dispose(): void;
}

export function createTrainingRun(data: MnistSubset, config: RunConfig): TrainingRun {
  const full: Required<RunConfig> = {
    seed: 0,
    batchSize: 64,
    tap: config.variant === 1 ? HINT_ENCODING_LAYER : PIXEL_HINT_TAP_LAYER,
    ...config,
  };
  const { variant, seed } = full;
  const train: MnistHintsDataset = createMnistHints(data.train, {
    variant,
    hintQuality: full.qh,
    seed,
    hintPixels: 12,
  });
  const test: MnistHintsDataset = createMnistHints(data.test, {
    variant,
    seed: seed + TEST_HINT_SEED_OFFSET,
    hintPixels: 12,
  });
  const { model } =
    variant === 1
      ? createModelFromDefinition(mnistHintsOneHotModel, {
          convFilters: [4, 8],
          kernelSize: 3,
          denseUnits: [64, 64],
          hintClasses: train.hintClasses,
          seed,
        })
      : createModelFromDefinition(mnistHintsPixelsModel, { hiddenUnits: 128, seed });
  const stethoscope: Stethoscope = createStethoscope(model, {
    name: 'hint',
    tap: full.tap,
    task: 'n-way',
    classes: train.hintClasses,
    hidden: 64,
    lambda: full.lambda,
    objective: 'flipped-labels',
    seed: seed + 1,
  });
  const trainer: StethoscopeTrainer = createStethoscopeTrainer({
    model,
    mainTask: 'n-way',
    stethoscopes: [stethoscope],
    optimizer: () => tf.train.momentum(0.02, 0.9),
    stethoscopeOptimizer: () => tf.train.rmsprop(variant === 1 ? 1e-3 : 0.01),
    seed,
  });
  let epoch = 0;
  let iterator: Iterator<MnistHintsBatch> | undefined;
  let lossSum = 0;
  let lossCount = 0;
  let lastLoss = Number.NaN;
  let batchInEpoch = 0;
  const batchesPerEpoch = Math.ceil(train.count / full.batchSize);

  return {
    config: full,
    batchesPerEpoch,
    step() {
      iterator ??= train.batches({ batchSize: full.batchSize, shuffleSeed: seed * 1000 + epoch });
      const next = iterator.next();
      if (next.done) throw new Error('internal: an epoch ended without being reported');
      const batch = next.value;
      const x = inputsOf(variant, batch, train.hintClasses);
      const y = tf.tensor1d(batch.labels, 'int32');
      const hints = tf.tensor1d(batch.hints, 'int32');
      try {
        const record = trainer.step({ x, y, s: { hint: hints } });
        assertFiniteLoss(record, { advice: 'lower |lambda| or reset' });
        const loss = record.mainLoss ?? Number.NaN;
        lossSum += loss;
        lossCount++;
      } finally {
        tf.dispose([x, y, hints].flat());
      }
      batchInEpoch++;
      if (batchInEpoch < batchesPerEpoch) return false;
      epoch++;
      batchInEpoch = 0;
      iterator = undefined;
      lastLoss = lossSum / lossCount;
      lossSum = 0;
      lossCount = 0;
      return true;
    },
    evaluate() {
      let trueHits = 0;
      let hintHits = 0;
      let stethHits = 0;
      const samples: DigitSample[] = [];
      for (const batch of test.batches({ batchSize: 500 })) {
        const [predictedT, stethT] = tf.tidy(() => {
          const { output, stethoscopes } = trainer.predict(inputsOf(variant, batch, test.hintClasses));
          return [output.argMax(1), stethoscopes[stethoscope.name]!.argMax(1)];
        });
        const predicted = predictedT.dataSync();
        const stethPredicted = stethT.dataSync();
        tf.dispose([predictedT, stethT]);
        for (let i = 0; i < batch.size; i++) {
          if (predicted[i] === batch.labels[i]) trueHits++;
          if (predicted[i] === batch.hintDigits[i]) hintHits++;
          if (stethPredicted[i] === batch.hints[i]) stethHits++;
          if (samples.length < SAMPLE_COUNT) {
            samples.push({
              pixels: Uint8Array.from(batch.images.subarray(i * 784, (i + 1) * 784), (v) =>
                Math.round(v * 255),
              ),
              label: batch.labels[i]!,
              guess: predicted[i]!,
              hintDigit: batch.hintDigits[i]!,
            });
          }
        }
      }
      const report: EpochReport = {
        epoch,
        trueAccuracy: trueHits / test.count,
        hintAgreement: hintHits / test.count,
        stethoscopeAccuracy: stethHits / test.count,
        trainLoss: lastLoss,
        samples,
      };
      if (variant === 1) report.hintScale = hintScale(model);
      return report;
    },
    dispose() {
      trainer.dispose();
      stethoscope.dispose();
      model.dispose();
    },
  };
}
