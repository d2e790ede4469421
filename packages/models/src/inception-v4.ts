/**
 * Inception-v4 (Szegedy et al. 2017, Figs. 3-9), the main network of the
 * stethoscope paper's tower experiments (Section 4), in tfjs-layers. The
 * topology and the end-point names follow TF-slim's `inception_v4`: stem
 * (`Conv2d_1a_3x3` .. `Mixed_5a`), Inception-A `Mixed_5b`.., Reduction-A
 * `Mixed_6a`, Inception-B `Mixed_6b`.., Reduction-B `Mixed_7a`, Inception-C
 * `Mixed_7b`.., then global average pooling `PreLogits`, dropout and
 * `Logits`. Every end point is one layer with exactly that name (blocks end in
 * a concatenate layer), so a stethoscope taps `model.getLayer('Mixed_7a')`,
 * the paper's "7a". Layers inside a block are scoped like TF-slim's variables,
 * e.g. `Mixed_6b/Branch_1/Conv2d_0b_1x7` (its ReLU output), with `/conv` and
 * `/BatchNorm` beneath it.
 */
import * as tf from '@tensorflow/tfjs';
import {
  type InceptionV4Config,
  type ResolvedInceptionV4Config,
  resolveInceptionV4Config,
  scaleFilters,
} from './inception-v4-config';

type Padding = 'same' | 'valid';

/** Names of the end points of a network with the given blocks per stage, input to output. */
export function inceptionV4EndPoints(
  blocksPerStage: readonly [number, number, number] = [4, 7, 3],
): string[] {
  const blockNames = (stage: number, count: number) =>
    Array.from({ length: count }, (_, i) => `Mixed_${stage}${String.fromCharCode(98 + i)}`);
  return [
    'Conv2d_1a_3x3',
    'Conv2d_2a_3x3',
    'Conv2d_2b_3x3',
    'Mixed_3a',
    'Mixed_4a',
    'Mixed_5a',
    ...blockNames(5, blocksPerStage[0]),
    'Mixed_6a',
    ...blockNames(6, blocksPerStage[1]),
    'Mixed_7a',
    ...blockNames(7, blocksPerStage[2]),
    'PreLogits',
    'Logits',
  ];
}

/** Builds the layers, handing each a distinct seed in creation order. */
class InceptionV4Builder {
  private nextSeed: number;

  constructor(private readonly config: ResolvedInceptionV4Config) {
    this.nextSeed = config.seed;
  }

  /** Convolution, optional batch norm, ReLU; the ReLU layer carries `scope` as its name. */
  conv(
    x: tf.SymbolicTensor,
    scope: string,
    filters: number,
    kernel: [number, number],
    options: { strides?: number; padding?: Padding } = {},
  ): tf.SymbolicTensor {
    const { batchNorm, batchNormScale, widthMultiplier } = this.config;
    let y = tf.layers
      .conv2d({
        name: `${scope}/conv`,
        filters: scaleFilters(filters, widthMultiplier),
        kernelSize: kernel,
        strides: options.strides ?? 1,
        padding: options.padding ?? 'same',
        useBias: !batchNorm,
        // TF-slim's inception_arg_scope: variance scaling, factor 2, fan-in, truncated normal.
        kernelInitializer: tf.initializers.varianceScaling({
          scale: 2,
          mode: 'fanIn',
          distribution: 'truncatedNormal',
          seed: this.nextSeed++,
        }),
      })
      .apply(x) as tf.SymbolicTensor;
    if (batchNorm) {
      const norm = tf.layers.batchNormalization({
        name: `${scope}/BatchNorm`,
        axis: -1,
        momentum: 0.9997,
        epsilon: 0.001,
        center: true,
        // tfjs 4.22 reads gamma unconditionally when training, so a layer built
        // with `scale: false` cannot train. Without batchNormScale the scale
        // exists but stays frozen at 1 (non-trainable), which computes the same.
        scale: true,
      });
      y = norm.apply(y) as tf.SymbolicTensor;
      if (!batchNormScale) {
        for (const w of norm.trainableWeights) if (w.originalName.endsWith('gamma')) w.trainable = false;
      }
    }
    return tf.layers.reLU({ name: scope }).apply(y) as tf.SymbolicTensor;
  }

  maxPool(x: tf.SymbolicTensor, name: string, strides: number, padding: Padding): tf.SymbolicTensor {
    return tf.layers.maxPooling2d({ name, poolSize: 3, strides, padding }).apply(x) as tf.SymbolicTensor;
  }

  avgPool(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
    return tf.layers
      .averagePooling2d({ name, poolSize: 3, strides: 1, padding: 'same' })
      .apply(x) as tf.SymbolicTensor;
  }

  concat(name: string, branches: tf.SymbolicTensor[]): tf.SymbolicTensor {
    return tf.layers.concatenate({ name, axis: -1 }).apply(branches) as tf.SymbolicTensor;
  }

  /** Stem, Fig. 3: 299x299x3 -> 35x35x384. */
  stem(input: tf.SymbolicTensor): tf.SymbolicTensor {
    let x = this.conv(input, 'Conv2d_1a_3x3', 32, [3, 3], { strides: 2, padding: 'valid' });
    x = this.conv(x, 'Conv2d_2a_3x3', 32, [3, 3], { padding: 'valid' });
    x = this.conv(x, 'Conv2d_2b_3x3', 64, [3, 3]);
    x = this.concat('Mixed_3a', [
      this.maxPool(x, 'Mixed_3a/Branch_0/MaxPool_0a_3x3', 2, 'valid'),
      this.conv(x, 'Mixed_3a/Branch_1/Conv2d_0a_3x3', 96, [3, 3], { strides: 2, padding: 'valid' }),
    ]);
    const b0 = this.conv(
      this.conv(x, 'Mixed_4a/Branch_0/Conv2d_0a_1x1', 64, [1, 1]),
      'Mixed_4a/Branch_0/Conv2d_1a_3x3',
      96,
      [3, 3],
      { padding: 'valid' },
    );
    let b1 = this.conv(x, 'Mixed_4a/Branch_1/Conv2d_0a_1x1', 64, [1, 1]);
    b1 = this.conv(b1, 'Mixed_4a/Branch_1/Conv2d_0b_1x7', 64, [1, 7]);
    b1 = this.conv(b1, 'Mixed_4a/Branch_1/Conv2d_0c_7x1', 64, [7, 1]);
    b1 = this.conv(b1, 'Mixed_4a/Branch_1/Conv2d_1a_3x3', 96, [3, 3], { padding: 'valid' });
    x = this.concat('Mixed_4a', [b0, b1]);
    return this.concat('Mixed_5a', [
      this.conv(x, 'Mixed_5a/Branch_0/Conv2d_1a_3x3', 192, [3, 3], { strides: 2, padding: 'valid' }),
      this.maxPool(x, 'Mixed_5a/Branch_1/MaxPool_1a_3x3', 2, 'valid'),
    ]);
  }

  /** Inception-A, Fig. 4: 35x35x384 -> 35x35x384. */
  inceptionA(x: tf.SymbolicTensor, s: string): tf.SymbolicTensor {
    const b0 = this.conv(x, `${s}/Branch_0/Conv2d_0a_1x1`, 96, [1, 1]);
    const b1 = this.conv(
      this.conv(x, `${s}/Branch_1/Conv2d_0a_1x1`, 64, [1, 1]),
      `${s}/Branch_1/Conv2d_0b_3x3`,
      96,
      [3, 3],
    );
    let b2 = this.conv(x, `${s}/Branch_2/Conv2d_0a_1x1`, 64, [1, 1]);
    b2 = this.conv(b2, `${s}/Branch_2/Conv2d_0b_3x3`, 96, [3, 3]);
    b2 = this.conv(b2, `${s}/Branch_2/Conv2d_0c_3x3`, 96, [3, 3]);
    const b3 = this.conv(
      this.avgPool(x, `${s}/Branch_3/AvgPool_0a_3x3`),
      `${s}/Branch_3/Conv2d_0b_1x1`,
      96,
      [1, 1],
    );
    return this.concat(s, [b0, b1, b2, b3]);
  }

  /** Reduction-A, Fig. 7 with k=192, l=224, m=256, n=384: 35x35x384 -> 17x17x1024. */
  reductionA(x: tf.SymbolicTensor, s: string): tf.SymbolicTensor {
    const b0 = this.conv(x, `${s}/Branch_0/Conv2d_1a_3x3`, 384, [3, 3], { strides: 2, padding: 'valid' });
    let b1 = this.conv(x, `${s}/Branch_1/Conv2d_0a_1x1`, 192, [1, 1]);
    b1 = this.conv(b1, `${s}/Branch_1/Conv2d_0b_3x3`, 224, [3, 3]);
    b1 = this.conv(b1, `${s}/Branch_1/Conv2d_1a_3x3`, 256, [3, 3], { strides: 2, padding: 'valid' });
    const b2 = this.maxPool(x, `${s}/Branch_2/MaxPool_1a_3x3`, 2, 'valid');
    return this.concat(s, [b0, b1, b2]);
  }

  /** Inception-B, Fig. 5: 17x17x1024 -> 17x17x1024. */
  inceptionB(x: tf.SymbolicTensor, s: string): tf.SymbolicTensor {
    const b0 = this.conv(x, `${s}/Branch_0/Conv2d_0a_1x1`, 384, [1, 1]);
    let b1 = this.conv(x, `${s}/Branch_1/Conv2d_0a_1x1`, 192, [1, 1]);
    b1 = this.conv(b1, `${s}/Branch_1/Conv2d_0b_1x7`, 224, [1, 7]);
    b1 = this.conv(b1, `${s}/Branch_1/Conv2d_0c_7x1`, 256, [7, 1]);
    let b2 = this.conv(x, `${s}/Branch_2/Conv2d_0a_1x1`, 192, [1, 1]);
    b2 = this.conv(b2, `${s}/Branch_2/Conv2d_0b_7x1`, 192, [7, 1]);
    b2 = this.conv(b2, `${s}/Branch_2/Conv2d_0c_1x7`, 224, [1, 7]);
    b2 = this.conv(b2, `${s}/Branch_2/Conv2d_0d_7x1`, 224, [7, 1]);
    b2 = this.conv(b2, `${s}/Branch_2/Conv2d_0e_1x7`, 256, [1, 7]);
    const b3 = this.conv(
      this.avgPool(x, `${s}/Branch_3/AvgPool_0a_3x3`),
      `${s}/Branch_3/Conv2d_0b_1x1`,
      128,
      [1, 1],
    );
    return this.concat(s, [b0, b1, b2, b3]);
  }

  /** Reduction-B, Fig. 8: 17x17x1024 -> 8x8x1536. */
  reductionB(x: tf.SymbolicTensor, s: string): tf.SymbolicTensor {
    let b0 = this.conv(x, `${s}/Branch_0/Conv2d_0a_1x1`, 192, [1, 1]);
    b0 = this.conv(b0, `${s}/Branch_0/Conv2d_1a_3x3`, 192, [3, 3], { strides: 2, padding: 'valid' });
    let b1 = this.conv(x, `${s}/Branch_1/Conv2d_0a_1x1`, 256, [1, 1]);
    b1 = this.conv(b1, `${s}/Branch_1/Conv2d_0b_1x7`, 256, [1, 7]);
    b1 = this.conv(b1, `${s}/Branch_1/Conv2d_0c_7x1`, 320, [7, 1]);
    b1 = this.conv(b1, `${s}/Branch_1/Conv2d_1a_3x3`, 320, [3, 3], { strides: 2, padding: 'valid' });
    const b2 = this.maxPool(x, `${s}/Branch_2/MaxPool_1a_3x3`, 2, 'valid');
    return this.concat(s, [b0, b1, b2]);
  }

  /**
   * Inception-C, Fig. 6: 8x8x1536 -> 8x8x1536. The two split branches are
   * concatenated in one layer with the others, in TF-slim's channel order.
   */
  inceptionC(x: tf.SymbolicTensor, s: string): tf.SymbolicTensor {
    const b0 = this.conv(x, `${s}/Branch_0/Conv2d_0a_1x1`, 256, [1, 1]);
    const b1 = this.conv(x, `${s}/Branch_1/Conv2d_0a_1x1`, 384, [1, 1]);
    const b1a = this.conv(b1, `${s}/Branch_1/Conv2d_0b_1x3`, 256, [1, 3]);
    const b1b = this.conv(b1, `${s}/Branch_1/Conv2d_0c_3x1`, 256, [3, 1]);
    let b2 = this.conv(x, `${s}/Branch_2/Conv2d_0a_1x1`, 384, [1, 1]);
    b2 = this.conv(b2, `${s}/Branch_2/Conv2d_0b_3x1`, 448, [3, 1]);
    b2 = this.conv(b2, `${s}/Branch_2/Conv2d_0c_1x3`, 512, [1, 3]);
    const b2a = this.conv(b2, `${s}/Branch_2/Conv2d_0d_1x3`, 256, [1, 3]);
    const b2b = this.conv(b2, `${s}/Branch_2/Conv2d_0e_3x1`, 256, [3, 1]);
    const b3 = this.conv(
      this.avgPool(x, `${s}/Branch_3/AvgPool_0a_3x3`),
      `${s}/Branch_3/Conv2d_0b_1x1`,
      256,
      [1, 1],
    );
    return this.concat(s, [b0, b1a, b1b, b2a, b2b, b3]);
  }

  /** Global average pooling (`PreLogits`), dropout (`Dropout_1b`), then the `Logits` layer. */
  head(x: tf.SymbolicTensor): tf.SymbolicTensor {
    let y = tf.layers.globalAveragePooling2d({ name: 'PreLogits' }).apply(x) as tf.SymbolicTensor;
    const keep = this.config.dropoutKeepProb;
    if (keep < 1) {
      y = tf.layers
        .dropout({ name: 'Dropout_1b', rate: 1 - keep, seed: this.nextSeed++ })
        .apply(y) as tf.SymbolicTensor;
    }
    return tf.layers
      .dense({
        name: 'Logits',
        units: this.config.outputs,
        kernelInitializer: tf.initializers.glorotUniform({ seed: this.nextSeed++ }),
      })
      .apply(y) as tf.SymbolicTensor;
  }
}

/**
 * Builds Inception-v4. The model maps `[batch, inputSize, inputSize,
 * inputChannels]` images to `[batch, outputs]` logits; end points are listed
 * by {@link inceptionV4EndPoints}. Building is symbolic: no forward pass.
 */
export function createInceptionV4(config: InceptionV4Config = {}): tf.LayersModel {
  const resolved = resolveInceptionV4Config(config);
  const builder = new InceptionV4Builder(resolved);
  const [blocksA, blocksB, blocksC] = resolved.blocksPerStage;
  const letter = (i: number) => String.fromCharCode(98 + i);
  const input = tf.input({
    name: 'input',
    shape: [resolved.inputSize, resolved.inputSize, resolved.inputChannels],
  });
  let x = builder.stem(input);
  for (let i = 0; i < blocksA; i++) x = builder.inceptionA(x, `Mixed_5${letter(i)}`);
  x = builder.reductionA(x, 'Mixed_6a');
  for (let i = 0; i < blocksB; i++) x = builder.inceptionB(x, `Mixed_6${letter(i)}`);
  x = builder.reductionB(x, 'Mixed_7a');
  for (let i = 0; i < blocksC; i++) x = builder.inceptionC(x, `Mixed_7${letter(i)}`);
  const logits = builder.head(x);
  return tf.model({ inputs: input, outputs: logits, name: resolved.name });
}
