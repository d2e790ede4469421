/**
 * Evaluation of a stethoscope trainer (paper Section 4's test numbers): the
 * main network and every stethoscope with labels in a batch run in inference
 * mode (or, on request, on each batch's own batch-norm statistics, as the
 * paper's Inception-v4 towers were tested), and losses and accuracies are
 * averaged over examples across batches (weighted by batch size), with
 * accuracy per category when batches carry categories. Batches are added one
 * at a time, so in-memory arrays and async streams of batches give the same
 * record.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';
import type { EvalRecord, StethoscopeEvalMetrics } from './metrics';
import type { Stethoscope } from './stethoscope';
import {
  accuracyByCategory,
  correctPerExample,
  type TaskSpec,
  taskAccuracy,
  taskLoss,
} from './stethoscope-losses';
import type { TappedModel } from './tap';

/** What evaluation needs from the trainer. */
export interface EvaluationContext<B extends EvaluationBatch> {
  tapped: TappedModel;
  stethoscopes: readonly Stethoscope[];
  /** Index into `tapped.taps` of each stethoscope's tap. */
  tapIndex: readonly number[];
  /** The main task, or undefined for a custom loss (no main accuracy then). */
  mainSpec: TaskSpec | undefined;
  mainLoss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;
  /** Validates a batch; returns the indices of stethoscopes with labels in it, and its size. */
  checkBatch(batch: B): { active: number[]; batchSize: number };
}

/** The fields of a batch evaluation reads. */
export interface EvaluationBatch {
  x: tf.Tensor | tf.Tensor[];
  y?: tf.Tensor;
  s?: Record<string, tf.Tensor>;
  categories?: ArrayLike<string | number>;
}

/** Options of `trainer.evaluate`. */
export interface EvaluateOptions {
  /** Caller-given label stored as the record's `split`, e.g. `test` (default: none). */
  split?: string;
  /**
   * Normalise with each batch's own statistics instead of batch norm's moving averages: the
   * network runs in training mode, as the Inception-v4 towers of the paper (TF-slim) were
   * evaluated while their moving averages (decay 0.9997) still sat near their initial values.
   * Training mode has the other effects of a training pass: dropout is on, and batch norm folds
   * each batch's statistics into its moving averages. The result depends on how examples are
   * grouped into batches, so evaluate on mixed (shuffled) batches. Default false (inference
   * mode: moving averages, no dropout, no state changes).
   */
  batchStatistics?: boolean;
}

/** Sums over batches; `finish` turns them into an eval record. */
export interface EvaluationAccumulator<B> {
  add(batch: B): void;
  finish(step: number, split?: string): EvalRecord;
}

/** Starts an evaluation; add batches in order, then finish. */
export function createEvaluationAccumulator<B extends EvaluationBatch>(
  context: EvaluationContext<B>,
  options: Pick<EvaluateOptions, 'batchStatistics'> = {},
): EvaluationAccumulator<B> {
  const { tapped, stethoscopes, tapIndex, mainSpec, mainLoss } = context;
  const training = options.batchStatistics ?? false;
  let mainLossSum = 0;
  let mainAccSum = 0;
  let mainCount = 0;
  const sums = new Map<string, { loss: number; acc: number; count: number }>();
  const categoryTallies = new Map<string, { correct: boolean[]; categories: (string | number)[] }>();
  const tally = (key: string, correct: boolean[] | null, categories: ArrayLike<string | number>) => {
    if (!correct) return;
    const t = categoryTallies.get(key) ?? { correct: [], categories: [] };
    t.correct.push(...correct);
    t.categories.push(...Array.from(categories));
    categoryTallies.set(key, t);
  };

  function add(batch: B): void {
    const { active, batchSize } = context.checkBatch(batch);
    const categories = batch.categories;
    if (categories && categories.length !== batchSize) {
      throw new InvalidArgumentError(
        `The batch has ${categories.length} categories for ${batchSize} examples; give one category per example.`,
      );
    }
    const values = tf.tidy(() => {
      const { taps, output } = tapped.run(batch.x, training);
      const out: number[] = [];
      if (batch.y) {
        out.push(mainLoss(batch.y, output).dataSync()[0]!);
        out.push(
          mainSpec ? (taskAccuracy(mainSpec, output, batch.y)?.dataSync()[0] ?? Number.NaN) : Number.NaN,
        );
        if (categories && mainSpec) tally('', correctPerExample(mainSpec, output, batch.y), categories);
      }
      for (const i of active) {
        const s = stethoscopes[i]!;
        const labels = batch.s![s.name]!;
        const logits = s.head.apply(taps[tapIndex[i]!]!);
        out.push(taskLoss(s.task, logits, labels).dataSync()[0]!);
        out.push(taskAccuracy(s.task, logits, labels)?.dataSync()[0] ?? Number.NaN);
        if (categories) tally(`s/${s.name}`, correctPerExample(s.task, logits, labels), categories);
      }
      return out;
    });
    let at = 0;
    if (batch.y) {
      mainLossSum += values[at++]! * batchSize;
      mainAccSum += values[at++]! * batchSize;
      mainCount += batchSize;
    }
    for (const i of active) {
      const name = stethoscopes[i]!.name;
      const acc = sums.get(name) ?? { loss: 0, acc: 0, count: 0 };
      acc.loss += values[at++]! * batchSize;
      acc.acc += values[at++]! * batchSize;
      acc.count += batchSize;
      sums.set(name, acc);
    }
  }

  function finish(step: number, split?: string): EvalRecord {
    const stethMetrics: Record<string, StethoscopeEvalMetrics> = {};
    for (const [name, v] of sums) {
      const acc = v.acc / v.count;
      stethMetrics[name] = {
        loss: v.loss / v.count,
        accuracy: Number.isNaN(acc) ? null : acc,
        count: v.count,
      };
      const t = categoryTallies.get(`s/${name}`);
      if (t) stethMetrics[name].perCategory = accuracyByCategory(t.correct, t.categories);
    }
    const mainAcc = mainCount > 0 ? mainAccSum / mainCount : Number.NaN;
    const record: EvalRecord = {
      type: 'eval',
      step,
      mainLoss: mainCount > 0 ? mainLossSum / mainCount : null,
      mainAccuracy: Number.isNaN(mainAcc) ? null : mainAcc,
      count: mainCount,
      stethoscopes: stethMetrics,
    };
    if (split !== undefined) record.split = split;
    const mainTally = categoryTallies.get('');
    if (mainTally) record.mainPerCategory = accuracyByCategory(mainTally.correct, mainTally.categories);
    return record;
  }

  return { add, finish };
}

/** Whether `value` is an async iterable (an array of batches is not). */
export function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}
