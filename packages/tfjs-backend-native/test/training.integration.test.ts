/**
 * A small conv net (2 conv + pool + dense, as in the benchmark but smaller)
 * trained for 50 SGD steps gives the same losses on `native` as on `cpu`.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createReferenceCnn, referenceBatch } from '../bench/reference-cnn.mjs';
import { nativeKernelCounts } from './compare';

const STEPS = 50;
const TRAIN_TIMEOUT_MS = 180_000;
const SHAPE = { batch: 8, size: 12, channels: 3, classes: 5 };

async function losses(backend: string): Promise<{ losses: number[]; tensorsAt: number[] }> {
  await tf.setBackend(backend);
  const model = createReferenceCnn(tf, {
    size: SHAPE.size,
    channels: SHAPE.channels,
    classes: SHAPE.classes,
    filters: [6, 8],
  });
  const { x, y } = referenceBatch(tf, SHAPE);
  const out: number[] = [];
  const tensorsAt: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    out.push((await model.trainOnBatch(x, y)) as number);
    if (i === 9 || i === STEPS - 1) tensorsAt.push(tf.memory().numTensors);
  }
  model.dispose();
  tf.dispose([x, y]);
  return { losses: out, tensorsAt };
}

describe('training a small conv net', () => {
  it(
    `gives the same losses over ${STEPS} steps on native as on cpu (to 1e-4), with kernels run natively`,
    async () => {
      const cpu = (await losses('cpu')).losses;
      nativeKernelCounts(true);
      const run = await losses('native');
      const native = run.losses;
      // No tensor leaks from step 10 to step 50.
      expect(run.tensorsAt[1]).toBe(run.tensorsAt[0]);
      for (let i = 0; i < STEPS; i++)
        expect(Math.abs(native[i]! - cpu[i]!), `step ${i}`).toBeLessThanOrEqual(1e-4);
      expect(cpu[STEPS - 1]!).toBeLessThan(cpu[0]!);
      const counts = nativeKernelCounts();
      for (const k of ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'Sum']) {
        expect(counts[k]?.native, k).toBeGreaterThanOrEqual(STEPS);
        expect(counts[k]?.fallback, k).toBe(0);
      }
    },
    TRAIN_TIMEOUT_MS,
  );
});

/** An Inception-style block: conv + batch norm + relu branches, average pool, concat, pooling, dense. */
function createBlockNet(): tf.LayersModel {
  const inp = tf.input({ shape: [9, 9, 4] });
  let seed = 10;
  const cbr = (x: tf.SymbolicTensor, filters: number, kernelSize: number) => {
    const c = tf.layers
      .conv2d({
        filters,
        kernelSize,
        padding: 'same',
        useBias: false,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
      })
      .apply(x) as tf.SymbolicTensor;
    const b = tf.layers.batchNormalization().apply(c) as tf.SymbolicTensor;
    return tf.layers.activation({ activation: 'relu' }).apply(b) as tf.SymbolicTensor;
  };
  const pooled = tf.layers
    .averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' })
    .apply(inp) as tf.SymbolicTensor;
  const branches = [cbr(inp, 3, 1), cbr(cbr(inp, 2, 1), 3, 3), cbr(pooled, 2, 1)];
  let y = tf.layers.concatenate().apply(branches) as tf.SymbolicTensor;
  y = tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.globalAveragePooling2d({}).apply(y) as tf.SymbolicTensor;
  y = tf.layers
    .dense({
      units: 3,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 99 }),
    })
    .apply(y) as tf.SymbolicTensor;
  const model = tf.model({ inputs: inp, outputs: y });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  return model;
}

async function blockLosses(backend: string, steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const model = createBlockNet();
  const x = tf.randomUniform([6, 9, 9, 4], 0, 1, 'float32', 5);
  const labels = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
  const y = tf.oneHot(labels, 3).toFloat();
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push((await model.trainOnBatch(x, y)) as number);
  model.dispose();
  tf.dispose([x, labels, y]);
  return out;
}

describe('training an Inception-style block (batch norm, concat, average pool)', () => {
  it(
    'gives the same losses over 20 steps on native as on cpu (to 1e-4), with batch norm (fused training kernel and its gradient), split and concat native',
    async () => {
      const cpu = await blockLosses('cpu', 20);
      nativeKernelCounts(true);
      const native = await blockLosses('native', 20);
      for (let i = 0; i < 20; i++)
        expect(Math.abs(native[i]! - cpu[i]!), `step ${i}`).toBeLessThanOrEqual(1e-4);
      expect(cpu[19]!).toBeLessThan(cpu[0]!);
      const counts = nativeKernelCounts();
      // BatchNormalization layers train through the fused kernel (batch-norm-training.ts).
      for (const k of [
        'StethBatchNormTraining',
        'StethBatchNormTrainingGrad',
        'SplitV',
        'Concat',
        'AvgPool',
      ]) {
        expect(counts[k]?.native, k).toBeGreaterThanOrEqual(20);
        expect(counts[k]?.fallback, k).toBe(0);
      }
    },
    TRAIN_TIMEOUT_MS,
  );
});
