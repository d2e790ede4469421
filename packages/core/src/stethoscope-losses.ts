/**
 * Stethoscope losses L_s of paper Section 3 and their "flipped-label" forms
 * used by the adversarial objective of Eq. 2.
 *
 * - `binary`: sigmoid cross-entropy on logits (labels 0/1, one or more
 *   outputs). Flipped: the same loss on labels `1 - s` (Eq. 2 exactly).
 * - `n-way`: softmax cross-entropy on logits (labels are class indices).
 *   Flipped: the complement loss `-log(1 - p_true)`. For two classes this is
 *   exactly cross-entropy with the labels flipped, so it is Eq. 2's
 *   generalisation. It pushes probability away from the true class without
 *   naming a wrong class to move it to. (A target spread uniformly over the
 *   other classes would also punish the stethoscope for knowing anything
 *   correlated with the class, which destroyed main-task information in an
 *   independent MNIST-hints run.)
 * - `regression`: mean squared error. Flipped labels have no meaning for a
 *   real-valued target, so the flipped form throws; use the
 *   `gradient-reversal` or `negated` objective for adversarial regression.
 *
 * All losses are means over the batch (and over outputs).
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';
import type { CategoryAccuracy } from './metrics';

/** The supplemental task a stethoscope (or the main network) is trained on. */
export type TaskKind = 'binary' | 'n-way' | 'regression';

/** A task with its output width. */
export interface TaskSpec {
  kind: TaskKind;
  /** Number of logits / regression outputs: classes for n-way, labels for binary, targets for regression. */
  outputs: number;
}

/**
 * The arguments of the cross-entropy losses, named so that a swap cannot
 * pass unnoticed (tfjs's `tf.losses.*` take `(labels, predictions)`, the
 * opposite order of what reads naturally; both are tensors, so TypeScript
 * would not catch it).
 */
export interface LogitsAndLabels {
  /** Raw scores before the sigmoid / softmax: `[B]` or `[B, outputs]` (binary), `[B, classes]` (n-way). */
  logits: tf.Tensor;
  /** 0/1 labels with one per logit (binary), or class indices `[B]` / `[B, 1]` (n-way). */
  labels: tf.Tensor;
}

/** The arguments of {@link meanSquaredError}. */
export interface PredictionsAndLabels {
  /** The network's outputs, any shape. */
  predictions: tf.Tensor;
  /** Real-valued targets with one per prediction. */
  labels: tf.Tensor;
}

/**
 * Checks that `args` is an object holding the two named tensors, and
 * returns them; otherwise throws an {@link InvalidArgumentError} naming
 * the loss and the missing field.
 */
function namedTensors<K extends string>(
  loss: string,
  args: unknown,
  first: K,
  second: K,
): Record<K, tf.Tensor> {
  const usage = `${loss}({ ${first}, ${second} })`;
  if (typeof args !== 'object' || args === null || args instanceof tf.Tensor) {
    throw new InvalidArgumentError(
      `${loss} takes one object of named tensors, ${usage}, not positional tensors. ` +
        `Call it as ${usage}.`,
    );
  }
  const record = args as Record<string, unknown>;
  for (const key of [first, second]) {
    if (!(record[key] instanceof tf.Tensor)) {
      const got = record[key] === undefined ? 'is missing' : `is ${typeof record[key]}, not a tensor`;
      throw new InvalidArgumentError(`${loss}: \`${key}\` ${got}. Call it as ${usage} with two tensors.`);
    }
  }
  return record as Record<K, tf.Tensor>;
}

/** Throws unless `labels` has exactly one value per element of `reference`. */
function checkOnePerElement(loss: string, reference: tf.Tensor, refName: string, labels: tf.Tensor): void {
  if (labels.size !== reference.size) {
    throw new InvalidArgumentError(
      `${loss}: labels have shape [${labels.shape.join(', ')}] (${labels.size} values) but ${refName} have shape ` +
        `[${reference.shape.join(', ')}] (${reference.size} values); expected one label per ${refName.replace(/s$/, '')}.`,
    );
  }
}

/** Throws unless logits are `[B, C]` and the class indices hold B values. */
function checkClassIndices(loss: string, logits: tf.Tensor, labels: tf.Tensor): void {
  const batch = logits.shape[0];
  const ok =
    logits.rank === 2 &&
    ((labels.rank === 1 && labels.shape[0] === batch) ||
      (labels.rank === 2 && labels.shape[0] === batch && labels.shape[1] === 1));
  if (!ok) {
    throw new InvalidArgumentError(
      `${loss}: logits have shape [${logits.shape.join(', ')}] and labels [${labels.shape.join(', ')}]; ` +
        'expected logits [batch, classes] and one class index per example, labels [batch] or [batch, 1].',
    );
  }
}

/**
 * Numerically stable mean sigmoid cross-entropy:
 * `max(z,0) - z*y + log(1 + exp(-|z|))`. Labels need one value per logit.
 */
export function sigmoidCrossEntropy(args: LogitsAndLabels): tf.Scalar {
  const { logits, labels } = namedTensors('sigmoidCrossEntropy', args, 'logits', 'labels');
  checkOnePerElement('sigmoidCrossEntropy', logits, 'logits', labels);
  return tf.tidy(() => {
    const z = logits;
    const y = tf.cast(labels, 'float32').reshape(z.shape);
    const perElement = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    return tf.mean(perElement) as tf.Scalar;
  });
}

/** Mean softmax cross-entropy of logits [B, C] against class indices [B]: `logsumexp(z) - z_true`. */
export function softmaxCrossEntropy(args: LogitsAndLabels): tf.Scalar {
  const { logits, labels } = namedTensors('softmaxCrossEntropy', args, 'logits', 'labels');
  checkClassIndices('softmaxCrossEntropy', logits, labels);
  return tf.tidy(() => {
    const z = logits as tf.Tensor2D;
    const classes = z.shape[1];
    const oneHot = tf.oneHot(tf.cast(labels, 'int32').reshape([-1]), classes).toFloat();
    const trueLogit = tf.sum(tf.mul(z, oneHot), 1);
    return tf.mean(tf.sub(tf.logSumExp(z, 1), trueLogit)) as tf.Scalar;
  });
}

/**
 * Mean complement loss `-log(1 - p_true)` of logits [B, C] against class
 * indices [B], computed stably as `logsumexp(z) - logsumexp(z without the
 * true class)`. The flipped-label n-way loss (see the module comment).
 */
export function complementCrossEntropy(args: LogitsAndLabels): tf.Scalar {
  const { logits, labels } = namedTensors('complementCrossEntropy', args, 'logits', 'labels');
  checkClassIndices('complementCrossEntropy', logits, labels);
  return tf.tidy(() => {
    const z = logits as tf.Tensor2D;
    const classes = z.shape[1];
    const oneHot = tf.oneHot(tf.cast(labels, 'int32').reshape([-1]), classes).toFloat();
    // exp(z - 1e30) is exactly 0 in float32, and so is its gradient.
    const others = tf.sub(z, tf.mul(oneHot, 1e30));
    return tf.mean(tf.sub(tf.logSumExp(z, 1), tf.logSumExp(others, 1))) as tf.Scalar;
  });
}

/** Mean squared error. Labels need one value per prediction. */
export function meanSquaredError(args: PredictionsAndLabels): tf.Scalar {
  const { predictions, labels } = namedTensors('meanSquaredError', args, 'predictions', 'labels');
  checkOnePerElement('meanSquaredError', predictions, 'predictions', labels);
  return tf.tidy(() => {
    const t = tf.cast(labels, 'float32').reshape(predictions.shape);
    return tf.mean(tf.square(tf.sub(predictions, t))) as tf.Scalar;
  });
}

/** L_s for a task: see the module comment. `logits` are [B, outputs]. */
export function taskLoss(task: TaskSpec, logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  switch (task.kind) {
    case 'binary':
      return sigmoidCrossEntropy({ logits, labels });
    case 'n-way':
      return softmaxCrossEntropy({ logits, labels });
    case 'regression':
      return meanSquaredError({ predictions: logits, labels });
  }
}

/** L_s with flipped labels (Eq. 2): see the module comment. Throws for regression. */
export function flippedTaskLoss(task: TaskSpec, logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  switch (task.kind) {
    case 'binary':
      return tf.tidy(() => sigmoidCrossEntropy({ logits, labels: tf.sub(1, tf.cast(labels, 'float32')) }));
    case 'n-way':
      return complementCrossEntropy({ logits, labels });
    case 'regression':
      throw new InvalidArgumentError(
        'The flipped-labels adversarial objective (Eq. 2) is undefined for a regression stethoscope: ' +
          "real-valued targets cannot be flipped. Use objective 'gradient-reversal' or 'negated' instead.",
      );
  }
}

/**
 * Fraction of correct predictions: sign of the logit for binary (over all
 * outputs), arg-max for n-way. Undefined (returns null) for regression.
 */
export function taskAccuracy(task: TaskSpec, logits: tf.Tensor, labels: tf.Tensor): tf.Scalar | null {
  if (task.kind === 'regression') return null;
  return tf.tidy(() => {
    if (task.kind === 'binary') {
      const predicted = tf.greater(logits, 0).toFloat();
      const y = tf.cast(labels, 'float32').reshape(logits.shape);
      return tf.mean(tf.equal(predicted, y).toFloat()) as tf.Scalar;
    }
    const predicted = tf.argMax(logits, 1);
    const y = tf.cast(labels, 'int32').reshape([-1]);
    return tf.mean(tf.equal(predicted, y).toFloat()) as tf.Scalar;
  });
}

/**
 * Per-example correctness (all outputs right for binary, arg-max for n-way);
 * null for regression.
 */
export function correctPerExample(task: TaskSpec, logits: tf.Tensor, labels: tf.Tensor): boolean[] | null {
  if (task.kind === 'regression') return null;
  return tf.tidy(() => {
    let ok: tf.Tensor;
    if (task.kind === 'binary') {
      const z = logits.reshape([logits.shape[0]!, -1]);
      const y = tf.cast(labels, 'float32').reshape(z.shape);
      ok = tf.all(tf.equal(tf.greater(z, 0).toFloat(), y), 1);
    } else {
      ok = tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32').reshape([-1]));
    }
    return Array.from(ok.dataSync(), (v) => v !== 0);
  });
}

/** Accuracy, correct and total count per category from per-example correctness. */
export function accuracyByCategory(
  correct: readonly boolean[],
  categories: ArrayLike<string | number>,
): Record<string, CategoryAccuracy> {
  const tally = new Map<string, { right: number; count: number }>();
  correct.forEach((ok, i) => {
    const key = String(categories[i]);
    const t = tally.get(key) ?? { right: 0, count: 0 };
    t.right += ok ? 1 : 0;
    t.count += 1;
    tally.set(key, t);
  });
  return Object.fromEntries(
    [...tally].map(([k, t]) => [k, { accuracy: t.right / t.count, correct: t.right, count: t.count }]),
  );
}

/**
 * Checks labels against a task and a batch size; throws an
 * {@link InvalidArgumentError} that names `owner`, the shapes and what is
 * expected. n-way labels are read back to check they are integers in
 * [0, classes).
 */
export function validateLabels(task: TaskSpec, labels: tf.Tensor, batchSize: number, owner: string): void {
  const shape = labels.shape;
  const expected =
    task.kind === 'n-way'
      ? `[${batchSize}] (class indices)`
      : task.outputs === 1
        ? `[${batchSize}] or [${batchSize}, 1]`
        : `[${batchSize}, ${task.outputs}]`;
  const ok =
    task.kind === 'n-way'
      ? (shape.length === 1 && shape[0] === batchSize) ||
        (shape.length === 2 && shape[0] === batchSize && shape[1] === 1)
      : shape[0] === batchSize &&
        ((shape.length === 1 && task.outputs === 1) || (shape.length === 2 && shape[1] === task.outputs));
  if (!ok) {
    throw new InvalidArgumentError(
      `Labels for ${owner} have shape [${shape.join(', ')}], expected ${expected} for a ${task.kind} task ` +
        `with ${task.outputs} output${task.outputs === 1 ? '' : 's'} and a batch of ${batchSize}. ` +
        'Give one label row per example in the batch.',
    );
  }
  if (task.kind === 'n-way') {
    const values = labels.dataSync();
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= task.outputs) {
        throw new InvalidArgumentError(
          `Label ${v} at index ${i} for ${owner} is out of range: an n-way task with ${task.outputs} classes ` +
            `expects integer class indices in [0, ${task.outputs - 1}].`,
        );
      }
    }
  } else if (task.kind === 'binary') {
    const values = labels.dataSync();
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!(v >= 0 && v <= 1)) {
        throw new InvalidArgumentError(
          `Label ${v} at index ${i} for ${owner} is out of range: a binary task expects labels in [0, 1].`,
        );
      }
    }
  }
}
