/**
 * The conformance check every registered model passes, shared on the
 * `@steth/models/testing` subpath so a contributed model needs one test
 * line. It checks what a stethoscope (Section 3) relies on: the taps exist
 * with the shapes the model reports (statically and on a real batch), the
 * weights are seeded, one training step (gradients of a loss through every
 * trainable weight, applied by an optimizer) runs and changes every weight,
 * and nothing leaks tensors.
 */

import { expectNoLeakedTensors } from '@steth/core/testing';
import { StethError } from '@steth/errors';
import * as tf from '@tensorflow/tfjs';
import type { ModelDefinition, ModelTap } from './model-definition';
import { createModel, createModelFromDefinition, type ModelName } from './model-registry';

/** A registered model broke one of the conformance rules. */
export class ModelConformanceError extends StethError {
  override name = 'ModelConformanceError';
}

/** Configures {@link checkModelConformance}. */
export interface ModelConformanceOptions {
  /** Overrides of the registered defaults; pass a tiny configuration to keep the test fast. Default none. */
  config?: object;
  /** When given, the taps must have exactly these names and shapes, in this order. Default: not checked. */
  expectedTaps?: ModelTap[];
  /** Images (rows) in the random batch; default 2. */
  batchSize?: number;
  /** Learning rate of the SGD step; default 0.01. */
  learningRate?: number;
  /** Seed of the random batch and targets, a non-negative integer; default 0. */
  seed?: number;
}

/** What {@link checkModelConformance} observed, for further assertions. */
export interface ModelConformanceReport {
  name: string;
  taps: ModelTap[];
  /** Number of trainable scalars. */
  trainableParams: number;
  /** Mean squared error of the outputs against random targets before the step. */
  loss: number;
  /** Names of the trainable weights, all of which the step changed. */
  changedWeights: string[];
}

function fail(name: string, message: string, cause?: unknown): never {
  throw new ModelConformanceError(`Model "${name}" does not conform: ${message}`, { cause });
}

const sameShape = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Builds the registered model `name` (with `options.config`), checks it and
 * disposes it. A definition not yet registered can be passed instead of a
 * name. Throws {@link ModelConformanceError} saying which rule broke,
 * or `@steth/core/testing`'s `TensorLeakError` if tensors leak. Runs on the current tfjs backend.
 */
export async function checkModelConformance(
  modelOrDefinition: string | ModelDefinition<string, object>,
  options: ModelConformanceOptions = {},
): Promise<ModelConformanceReport> {
  const name = typeof modelOrDefinition === 'string' ? modelOrDefinition : modelOrDefinition.name;
  const build = () =>
    typeof modelOrDefinition === 'string'
      ? createModel(modelOrDefinition as ModelName, options.config ?? {})
      : createModelFromDefinition(modelOrDefinition, options.config ?? {});
  const batchSize = options.batchSize ?? 2;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) {
    throw new RangeError(`checkModelConformance: seed must be a non-negative integer, got ${seed}.`);
  }
  return expectNoLeakedTensors(
    async () => {
      const { model, taps } = build();
      const twin = build().model;
      const optimizer = tf.train.sgd(options.learningRate ?? 0.01);
      try {
        if (taps.length === 0)
          fail(name, 'it lists no taps; a stethoscope needs at least one layer to attach to.');
        const names = taps.map((t) => t.name);
        const duplicate = names.find((n, i) => names.indexOf(n) !== i);
        if (duplicate) fail(name, `tap "${duplicate}" is listed twice.`);
        if (options.expectedTaps) {
          const got = JSON.stringify(taps);
          const want = JSON.stringify(options.expectedTaps);
          if (got !== want) fail(name, `its taps are ${got}, expected ${want}.`);
        }

        const weights = model.trainableWeights;
        if (weights.length === 0) fail(name, 'it has no trainable weights.');
        const twinWeights = twin.trainableWeights;
        weights.forEach((w, i) => {
          const other = twinWeights[i];
          if (!other || !tf.tidy(() => tf.equal(w.read(), other.read()).all().dataSync()[0] === 1)) {
            fail(
              name,
              `two builds with the same configuration differ in weight "${w.name}"; seed every initialiser.`,
            );
          }
        });

        const inputShape = model.inputs[0]?.shape;
        if (!inputShape || model.inputs.length !== 1 || inputShape.slice(1).some((d) => d === null)) {
          fail(
            name,
            `it must take one input of fully known shape, got ${JSON.stringify(model.inputs.map((i) => i.shape))}.`,
          );
        }
        const outputShape = model.outputs[0]?.shape ?? [];
        // tfjs's randomNormal takes a seed of 0 for none and draws from Math.random: with the default
        // seed the batch differed from run to run, and now and then left every ReLU of a small net
        // dead. Its seeds therefore start at 1.
        const x = tf.randomNormal(
          [batchSize, ...(inputShape.slice(1) as number[])],
          0,
          1,
          'float32',
          2 * seed + 1,
        );
        const targets = tf.randomNormal(
          [batchSize, ...(outputShape.slice(1) as number[])],
          0,
          1,
          'float32',
          2 * seed + 2,
        );
        try {
          await expectNoLeakedTensors(
            () => {
              const symbolic = taps.map((t) => model.getLayer(t.name).output as tf.SymbolicTensor);
              const values = tf.tidy(() => {
                const out = model.execute(
                  x,
                  symbolic.map((s) => s.name),
                );
                return (Array.isArray(out) ? out : [out]).map((t) => ({
                  shape: t.shape,
                  finite: tf.isFinite(t).all().dataSync()[0] === 1,
                }));
              });
              values.forEach((v, i) => {
                const tap = taps[i] as ModelTap;
                const want = [batchSize, ...tap.shape.slice(1)];
                if (!sameShape(v.shape, want)) {
                  fail(
                    name,
                    `tap "${tap.name}" has shape ${JSON.stringify(v.shape)} on a batch, expected ${JSON.stringify(want)}.`,
                  );
                }
                if (!v.finite) fail(name, `tap "${tap.name}" is not finite on a random batch.`);
              });
            },
            { what: `a forward pass of "${name}" to its taps` },
          );

          const before = weights.map((w) => w.read().dataSync().slice());
          const loss = await expectNoLeakedTensors(
            () => {
              const { value, grads } = tf.variableGrads(
                () =>
                  tf.tidy(() => {
                    const y = model.apply(x, { training: true }) as tf.Tensor;
                    return tf.losses.meanSquaredError(targets, y) as tf.Scalar;
                  }),
                weights.map((w) => w.read() as tf.Variable),
              );
              const lossValue = value.dataSync()[0] as number;
              optimizer.applyGradients(grads);
              value.dispose();
              tf.dispose(grads);
              return lossValue;
            },
            { what: `one training step of "${name}"` },
          );
          if (!Number.isFinite(loss)) fail(name, `the training loss is ${loss}.`);
          const unchanged = weights.filter((w, i) => {
            const after = w.read().dataSync();
            const old = before[i] as Float32Array | Int32Array | Uint8Array;
            return after.every((v, j) => v === old[j]);
          });
          if (unchanged.length > 0) {
            fail(
              name,
              `one training step left ${unchanged.length} trainable weight(s) unchanged: ${unchanged
                .slice(0, 5)
                .map((w) => w.name)
                .join(', ')}. Every trainable weight must receive a gradient.`,
            );
          }
          const trainableParams = weights.reduce(
            (n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
            0,
          );
          return { name, taps, trainableParams, loss, changedWeights: weights.map((w) => w.name) };
        } finally {
          x.dispose();
          targets.dispose();
        }
      } finally {
        optimizer.dispose();
        twin.dispose();
        model.dispose();
      }
    },
    { what: `building, training and disposing "${name}"` },
  );
}
