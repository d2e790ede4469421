/** Shared fixtures of @steth/core's tests: the cpu backend and tiny models. */
import * as tf from '@tensorflow/tfjs';
import { loadBackend } from '../src/node';

/** Selects tfjs's pure-JS `cpu` backend without its Node banner. */
export async function useCpuBackend(): Promise<void> {
  await loadBackend({ backend: 'cpu', env: {} });
}

/** Reads every trainable weight of a model as flat Float32Arrays. */
export function snapshotWeights(model: tf.LayersModel): Float32Array[] {
  return model.weights.map((w) => Float32Array.from(w.read().dataSync()));
}

/** A small MLP: inputs -> dense(hidden1, relu) 'enc1' -> dense(hidden2, relu) 'enc2' -> dense(outputs) 'logits'. */
export function createMlp(options: {
  inputs: number;
  hidden?: [number, number];
  outputs?: number;
  seed?: number;
}): tf.LayersModel {
  const { inputs, hidden = [8, 6], outputs = 1, seed = 1 } = options;
  const input = tf.input({ shape: [inputs], name: 'x' });
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed * 100 + s });
  const h1 = tf.layers
    .dense({ units: hidden[0], activation: 'relu', name: 'enc1', kernelInitializer: init(1) })
    .apply(input) as tf.SymbolicTensor;
  const h2 = tf.layers
    .dense({ units: hidden[1], activation: 'relu', name: 'enc2', kernelInitializer: init(2) })
    .apply(h1) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: outputs, name: 'logits', kernelInitializer: init(3) })
    .apply(h2) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'mlp' });
}
