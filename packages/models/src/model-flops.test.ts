import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { countModelCost } from './model-flops';

describe('countModelCost', () => {
  it('counts multiply-accumulates of convolutions and dense layers from their shapes', () => {
    const input = tf.input({ shape: [10, 10, 4] });
    let x = tf.layers
      .conv2d({ filters: 8, kernelSize: 3, padding: 'same' })
      .apply(input) as tf.SymbolicTensor;
    x = tf.layers
      .conv2d({ filters: 2, kernelSize: [1, 3], strides: 2, padding: 'valid' })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3 }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    try {
      // 10x10x8 outputs of 3x3x4 windows; 5x4x2 outputs of 1x3x8 windows; pooled 2x2x2 = 8 inputs to 3 units.
      const macs = 10 * 10 * 8 * 3 * 3 * 4 + 5 * 4 * 2 * 1 * 3 * 8 + 8 * 3;
      expect(countModelCost(model)).toEqual({ macs, flops: 2 * macs });
    } finally {
      model.dispose();
    }
  });
});
