/**
 * A small VGG/residual-style conv net with batch normalisation after every
 * convolution (conv 3x3 -> BatchNormalization(axis -1) -> ReLU, NHWC), as
 * @steth/models builds its conv nets with `batchNorm: true`: the training
 * step issue 14 makes fast. Seeded initialisers, so every backend (and the
 * PyTorch twin, bench/pytorch_twins.py) starts from the same weights.
 */

/**
 * @param {typeof import('@tensorflow/tfjs')} tf
 * @param {{ size?: number, channels?: number, classes?: number, widths?: number[], batchNorm?: boolean, seed?: number }} [options]
 */
export function createBnCnn(
  tf,
  { size = 32, channels = 3, classes = 10, widths = [16, 32, 64], batchNorm = true, seed = 1 } = {},
) {
  let s = seed;
  const input = tf.input({ shape: [size, size, channels] });
  const cbr = (x, filters, stride = 1) => {
    let y = tf.layers
      .conv2d({
        filters,
        kernelSize: 3,
        strides: stride,
        padding: 'same',
        useBias: !batchNorm,
        kernelInitializer: tf.initializers.heNormal({ seed: s++ }),
      })
      .apply(x);
    if (batchNorm) y = tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-3 }).apply(y);
    return tf.layers.reLU().apply(y);
  };
  let x = cbr(input, widths[0]);
  for (let i = 0; i < widths.length; i++) {
    // A residual pair at each width, then a stride-2 conv to the next.
    const skip = x;
    const y = cbr(cbr(x, widths[i]), widths[i]);
    x = tf.layers.add().apply([skip, y]);
    if (i + 1 < widths.length) x = cbr(x, widths[i + 1], 2);
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x);
  const out = tf.layers
    .dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: s++ }),
    })
    .apply(x);
  const model = tf.model({ inputs: input, outputs: out });
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
  return model;
}
