/**
 * A small VGG-style convolutional network with batch norm, sized to learn the
 * tower task of paper Section 4 (global stability from one image) on a
 * laptop CPU. The paper's Inception-v4 needs a GPU; its CPU-sized shrink
 * (`inception-v4-small`, no batch norm) reached only 0.73 on easy towers in
 * the time a 2-core CPU allows, too little for the bias of Fig. 3 and its
 * removal in Fig. 6 to show. This network has four stages of two 3x3
 * convolutions (batch norm and ReLU after each), widths 32 to 256, a 2x2
 * max pool between stages, then global average pooling and one dense layer.
 * The first convolution has stride 2, so a 112 px tower costs about 0.16
 * GMAC forward.
 *
 * End points, for stethoscopes (Fig. 4 probes every stage): `Stage1` ..
 * `Stage4` (the output of each stage's second convolution), `PreLogits`
 * (after global average pooling), `Logits`.
 */
import * as tf from '@tensorflow/tfjs';
import { defineModel } from './model-definition';

/** Configures {@link createTowerCnn}. */
export interface TowerCnnConfig {
  /** Input side (px), square RGB; default 112. */
  inputSize?: number;
  /** Number of logits; default 1 (binary global stability). */
  outputs?: number;
  /** Channels of the four stages; default `[32, 64, 128, 256]`. */
  widths?: [number, number, number, number];
  /** Batch norm after every convolution; default true. */
  batchNorm?: boolean;
  /** Momentum of the batch-norm moving statistics; default 0.99 (Keras'). */
  batchNormMomentum?: number;
  /** Keep probability of dropout before the logits; default 1 (no dropout). */
  dropoutKeepProb?: number;
  /** Seed of the He-normal initialisers; default 0. */
  seed?: number;
  /** Model name; default `'tower_cnn'`. */
  name?: string;
}

/** The stage end points, input to output. */
export const TOWER_CNN_STAGES = ['Stage1', 'Stage2', 'Stage3', 'Stage4'] as const;

function checkPositiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`createTowerCnn: ${what} must be a positive integer, got ${value}.`);
  }
  return value;
}

/** Builds the network; see the module comment for its layers and end points. */
export function createTowerCnn(config: TowerCnnConfig = {}): tf.LayersModel {
  const inputSize = checkPositiveInteger(config.inputSize ?? 112, 'inputSize');
  if (inputSize < 16)
    throw new RangeError(`createTowerCnn: inputSize must be at least 16 px, got ${inputSize}.`);
  const outputs = checkPositiveInteger(config.outputs ?? 1, 'outputs');
  const widths = config.widths ?? [32, 64, 128, 256];
  for (const [i, w] of widths.entries()) checkPositiveInteger(w, `widths[${i}]`);
  const batchNorm = config.batchNorm ?? true;
  const momentum = config.batchNormMomentum ?? 0.99;
  if (!(momentum > 0 && momentum < 1)) {
    throw new RangeError(`createTowerCnn: batchNormMomentum must be in (0, 1), got ${momentum}.`);
  }
  const keep = config.dropoutKeepProb ?? 1;
  if (!(keep > 0 && keep <= 1)) {
    throw new RangeError(`createTowerCnn: dropoutKeepProb must be in (0, 1], got ${keep}.`);
  }
  // tfjs treats an initialiser seed of 0 as none, so the streams start at 1.
  let seed = (config.seed ?? 0) * 100 + 1;

  const conv = (x: tf.SymbolicTensor, scope: string, filters: number, strides: number) => {
    let y = tf.layers
      .conv2d({
        name: `${scope}/conv`,
        filters,
        kernelSize: 3,
        strides,
        padding: 'same',
        useBias: !batchNorm,
        kernelInitializer: tf.initializers.heNormal({ seed: seed++ }),
      })
      .apply(x) as tf.SymbolicTensor;
    if (batchNorm) {
      y = tf.layers
        .batchNormalization({ name: `${scope}/BatchNorm`, axis: -1, momentum, epsilon: 1e-3 })
        .apply(y) as tf.SymbolicTensor;
    }
    return tf.layers.reLU({ name: scope }).apply(y) as tf.SymbolicTensor;
  };

  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'input' });
  let x: tf.SymbolicTensor = input;
  widths.forEach((width, i) => {
    const stage = TOWER_CNN_STAGES[i]!;
    if (i > 0) {
      x = tf.layers
        .maxPooling2d({ name: `${stage}/pool`, poolSize: 2, strides: 2, padding: 'same' })
        .apply(x) as tf.SymbolicTensor;
    }
    x = conv(x, `${stage}/conv_a`, width, i === 0 ? 2 : 1);
    x = conv(x, stage, width, 1);
  });
  x = tf.layers.globalAveragePooling2d({ name: 'PreLogits' }).apply(x) as tf.SymbolicTensor;
  if (keep < 1)
    x = tf.layers.dropout({ name: 'Dropout', rate: 1 - keep, seed: seed++ }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({
      name: 'Logits',
      units: outputs,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: config.name ?? 'tower_cnn' });
}

/** Registry entry: `createModel('tower-cnn', { inputSize: 112, seed })`. */
export const towerCnnModel = defineModel({
  name: 'tower-cnn',
  description:
    'Small VGG-style CNN with batch norm (4 stages of two 3x3 convs, 32-256 channels, GAP) that learns the tower task on a CPU; end points Stage1..Stage4, PreLogits, Logits',
  defaults: {
    inputSize: 112,
    outputs: 1,
    widths: [32, 64, 128, 256],
    batchNorm: true,
    batchNormMomentum: 0.99,
    dropoutKeepProb: 1,
    seed: 0,
  } as TowerCnnConfig,
  build: (config) => createTowerCnn(config),
  tapNames: () => [...TOWER_CNN_STAGES, 'PreLogits', 'Logits'],
});
