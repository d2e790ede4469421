/**
 * A multi-layer perceptron with named layers, the main network of the
 * paper's second MNIST experiment (Appendix B: "a two-layer MLP with the
 * stethoscope attached after the first hidden layer"). Its hidden layers are
 * named `hidden_1`, `hidden_2`, ... so a stethoscope can tap them by name.
 */
import * as tf from '@tensorflow/tfjs';
import { defineModel } from './model-definition';

/** Configures {@link createMlp}. */
export interface MlpConfig {
  /** Width of the flat input vector. */
  inputSize: number;
  /** Width of each hidden layer, in order; default `[256, 256]`. */
  hiddenSizes?: number[];
  /** Number of outputs (logits); default 10. */
  outputs?: number;
  /** Hidden activation; default `'relu'`. */
  activation?: 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid';
  /** Model name; default `'mlp'`. */
  name?: string;
  /** Seed of the Glorot-uniform initialiser, for reproducible weights; default 0. */
  seed?: number;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`createMlp: ${what} must be a positive integer, got ${value}`);
  }
  return value;
}

/** Builds the MLP. Layer names: `hidden_1` ... `hidden_K`, then `logits` (no activation). */
export function createMlp(config: MlpConfig): tf.LayersModel {
  const inputSize = positiveInteger(config.inputSize, 'inputSize');
  const hiddenSizes = config.hiddenSizes ?? [256, 256];
  const outputs = positiveInteger(config.outputs ?? 10, 'outputs');
  const seed = config.seed ?? 0;
  const input = tf.input({ shape: [inputSize], name: 'input' });
  let x: tf.SymbolicTensor = input;
  hiddenSizes.forEach((units, i) => {
    const dense = tf.layers.dense({
      units: positiveInteger(units, `hiddenSizes[${i}]`),
      name: `hidden_${i + 1}`,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
    });
    x = dense.apply(x) as tf.SymbolicTensor;
    const activation =
      config.activation === 'leakyRelu'
        ? tf.layers.leakyReLU({ name: `hidden_${i + 1}_act` })
        : tf.layers.activation({ activation: config.activation ?? 'relu', name: `hidden_${i + 1}_act` });
    x = activation.apply(x) as tf.SymbolicTensor;
  });
  const logits = tf.layers
    .dense({
      units: outputs,
      name: 'logits',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + hiddenSizes.length }),
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: config.name ?? 'mlp' });
}

/**
 * Registry entry of the MLP: 784 inputs (an MNIST image), two hidden layers
 * of 256, 10 logits. Its taps are the activations `hidden_1_act` ..
 * `hidden_K_act` (the representation after each hidden layer) and `logits`.
 */
export const mlpModel = defineModel({
  name: 'mlp',
  description:
    'Multi-layer perceptron (Appendix B main network): 784 inputs, hidden [256, 256], 10 logits; taps hidden_K_act and logits',
  defaults: { inputSize: 784, hiddenSizes: [256, 256], outputs: 10 } as MlpConfig,
  build: createMlp,
  tapNames: (config: MlpConfig) => [
    ...(config.hiddenSizes ?? [256, 256]).map((_, i) => `hidden_${i + 1}_act`),
    'logits',
  ],
});
