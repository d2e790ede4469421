/**
 * The reference CNN of the benchmark (issue 4): 2 conv + pool + dense on
 * 32x32x3 images, batch 32, trained by SGD on a softmax cross-entropy.
 * Seeded initialisers, so every backend starts from the same weights.
 */

/** @param {typeof import('@tensorflow/tfjs')} tf */
export function createReferenceCnn(tf, { size = 32, channels = 3, classes = 10, filters = [32, 64] } = {}) {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [size, size, channels],
      filters: filters[0],
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(
    tf.layers.conv2d({
      filters: filters[1],
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(
    tf.layers.dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    }),
  );
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
  return model;
}

/** A fixed batch: seeded images and one-hot labels. */
export function referenceBatch(tf, { batch = 32, size = 32, channels = 3, classes = 10 } = {}) {
  const x = tf.randomUniform([batch, size, size, channels], 0, 1, 'float32', 7);
  const labels = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => (i * 7) % classes),
    'int32',
  );
  const y = tf.oneHot(labels, classes).toFloat();
  labels.dispose();
  return { x, y };
}
