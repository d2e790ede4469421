/**
 * One training run of the paper's MNIST-hints experiments (Appendix B): the
 * main network of a variant, a stethoscope reading the hint (variant 1: at
 * the hint encoding; variant 2: at the MLP's first hidden layer), trained
 * with @steth/core's stethoscope trainer at weight lambda, then evaluated
 * on test images whose hints are independent of the digits.
 *
 * The stethoscope is an n-way classifier of the hint class. For lambda < 0
 * it uses core's flipped-label objective, which for n classes is the
 * complement loss -log(1 - p_true): it pushes probability off the true hint
 * class without naming a wrong class (a uniform target over the other
 * classes would punish knowing the hint's digit, and with 100 hints on 10
 * digits destroys digit information).
 */
import { assertFiniteLoss, createStethoscope, createStethoscopeTrainer, type StepRecord } from '@steth/core';
import { createMnistHints, loadMnist, type MnistHintsBatch, type MnistHintsDataset } from '@steth/datasets';
import {
  createHintOneHotNet,
  createHintPixelsNet,
  HINT_ENCODING_LAYER,
  hintScale,
  PIXEL_HINT_TAP_LAYER,
} from '@steth/models';
import * as tf from '@tensorflow/tfjs';
import type { MnistHintsMetrics, MnistHintsPoint, OptimizerSettings } from './settings';

/** Seed offset of the test hints, so they never share a stream with the training hints. */
const TEST_HINT_SEED_OFFSET = 100_003;

/** Creates a tfjs optimiser from settings. */
export function createOptimizer(settings: OptimizerSettings): tf.Optimizer {
  switch (settings.name) {
    case 'sgd-momentum':
      return tf.train.momentum(settings.learningRate, settings.momentum ?? 0.9);
    case 'sgd':
      return tf.train.sgd(settings.learningRate);
    case 'adam':
      return tf.train.adam(settings.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(settings.learningRate);
    default:
      throw new RangeError(
        `Unknown optimizer "${String((settings as OptimizerSettings).name)}"; expected sgd-momentum, sgd, adam or rmsprop.`,
      );
  }
}

/** The datasets of a run: the first `trainSize` / `testSize` MNIST images with their hints. */
export function createRunData(
  point: MnistHintsPoint,
  seed: number,
): { train: MnistHintsDataset; test: MnistHintsDataset } {
  const { settings } = point;
  const train = createMnistHints(loadMnist({ split: 'train', limit: settings.trainSize }), {
    variant: point.variant,
    hintQuality: point.qh,
    seed,
    hintPixels: settings.hintPixels,
  });
  const test = createMnistHints(loadMnist({ split: 'test', limit: settings.testSize }), {
    variant: point.variant,
    seed: seed + TEST_HINT_SEED_OFFSET,
    hintPixels: settings.hintPixels,
  });
  return { train, test };
}

function inputsOf(variant: 1 | 2, batch: MnistHintsBatch, hintClasses: number): tf.Tensor | tf.Tensor[] {
  const images = tf.tensor2d(batch.images, [batch.size, 784]);
  if (variant === 2) return images;
  return [images, tf.oneHot(tf.tensor1d(batch.hints, 'int32'), hintClasses).toFloat()];
}

/** Trains and evaluates one (point, seed); returns the test metrics. */
export function runTrial(
  point: MnistHintsPoint,
  seed: number,
  onEpoch?: (epoch: number, epochs: number) => void,
): MnistHintsMetrics {
  const { settings, variant } = point;
  const { train, test } = createRunData(point, seed);
  const model =
    variant === 1
      ? createHintOneHotNet({
          convFilters: settings.convFilters,
          kernelSize: settings.kernelSize,
          denseUnits: settings.denseUnits,
          hintClasses: train.hintClasses,
          seed,
        })
      : createHintPixelsNet({ hiddenUnits: settings.hiddenUnits, seed });
  const stethoscope = createStethoscope(model, {
    name: 'hint',
    tap: variant === 1 ? HINT_ENCODING_LAYER : PIXEL_HINT_TAP_LAYER,
    task: 'n-way',
    classes: train.hintClasses,
    hidden: settings.stethoscopeHidden,
    lambda: point.lambda,
    objective: 'flipped-labels',
    seed: seed + 1,
  });
  const trainer = createStethoscopeTrainer({
    model,
    mainTask: 'n-way',
    stethoscopes: [stethoscope],
    optimizer: () => createOptimizer(settings.optimizer),
    stethoscopeOptimizer: () => createOptimizer(settings.stethoscopeOptimizer),
    seed,
  });
  try {
    let correct = 0;
    let seen = 0;
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const last = epoch === settings.epochs - 1;
      for (const batch of train.batches({
        batchSize: settings.batchSize,
        shuffleSeed: seed * 1000 + epoch,
      })) {
        const x = inputsOf(variant, batch, train.hintClasses);
        const y = tf.tensor1d(batch.labels, 'int32');
        const hints = tf.tensor1d(batch.hints, 'int32');
        let record: StepRecord;
        try {
          record = trainer.step({ x, y, s: { hint: hints } });
        } finally {
          tf.dispose([x, y, hints].flat());
        }
        assertFiniteLoss(record, {
          run: `variant ${variant}, q_h ${point.qh}, lambda ${point.lambda}, seed ${seed}`,
        });
        if (last) {
          correct += (record.mainAccuracy ?? 0) * batch.size;
          seen += batch.size;
        }
      }
      onEpoch?.(epoch + 1, settings.epochs);
    }
    let trueHits = 0;
    let hintHits = 0;
    let stethHits = 0;
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
      }
    }
    const metrics: MnistHintsMetrics = {
      trueAccuracy: trueHits / test.count,
      hintAgreement: hintHits / test.count,
      stethoscopeAccuracy: stethHits / test.count,
      trainAccuracy: seen > 0 ? correct / seen : Number.NaN,
    };
    if (variant === 1) metrics.hintScale = hintScale(model);
    return metrics;
  } finally {
    trainer.dispose();
    stethoscope.dispose();
    model.dispose();
  }
}
