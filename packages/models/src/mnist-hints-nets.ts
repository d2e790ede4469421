/**
 * The small networks of the paper's MNIST-with-hints experiments (Appendix
 * B, Fig. 8), as composable tfjs-layers builders with named layers a
 * stethoscope can tap.
 *
 * - Variant 1 (Fig. 8a): an image encoder (two convolutions, then two dense
 *   layers of 256 units, leaky ReLU after each), a hint encoder that
 *   multiplies the one-hot hint by ONE trainable scalar (layer
 *   `hint_encoding`, the stethoscope's tap: a scalar near 0 hides the hint),
 *   and a decoder: one dense layer on the concatenation of both encodings.
 * - Variant 2 (Fig. 8b): a two-layer MLP (hidden layer, then logits); the
 *   stethoscope taps the first hidden layer, `hidden_1_act`.
 */
import * as tf from '@tensorflow/tfjs';
import { createMlp } from './mlp';

/** Name of the variant-1 layer that holds the hint encoding (the stethoscope's tap). */
export const HINT_ENCODING_LAYER = 'hint_encoding';
/** Name of the variant-1 layer that holds the image encoding. */
export const IMAGE_ENCODING_LAYER = 'image_encoding';
/** Name of the variant-2 layer the stethoscope taps (first hidden layer, after its activation). */
export const PIXEL_HINT_TAP_LAYER = 'hidden_1_act';

/** Multiplies its input by one trainable scalar. The hint encoder of variant 1. */
export class ScalarScale extends tf.layers.Layer {
  static className = 'StethScalarScale';
  private readonly initialValue: number;
  private scale?: tf.LayerVariable;

  constructor(config: { initialValue?: number; name?: string; trainable?: boolean } = {}) {
    super({ name: config.name, trainable: config.trainable ?? true });
    this.initialValue = config.initialValue ?? 1;
  }

  override build(): void {
    this.scale = this.addWeight(
      'scale',
      [],
      'float32',
      tf.initializers.constant({ value: this.initialValue }),
    );
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.mul(x, this.scale!.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), initialValue: this.initialValue };
  }
}

let scalarScaleRegistered = false;
/** Registers {@link ScalarScale} for model serialisation (once; called by the builders, not on import). */
export function registerScalarScale(): void {
  if (scalarScaleRegistered) return;
  tf.serialization.registerClass(ScalarScale);
  scalarScaleRegistered = true;
}

/** Configures the variant-1 image encoder. */
export interface HintImageEncoderConfig {
  /** Filters of the two convolutions; default `[8, 16]` (kept small: convolutions are slow on the pure-JS backend). */
  convFilters?: [number, number];
  /** Square kernel size of both convolutions; default 5. */
  kernelSize?: number;
  /** Stride of both convolutions (`same` padding); default 2. */
  strides?: number;
  /** Units of the two dense layers; default `[256, 256]` as in the paper. */
  denseUnits?: [number, number];
  /** Negative slope of the leaky ReLUs; default 0.2. */
  leakyAlpha?: number;
  /** Seed of the Glorot-uniform initialisers; default 0. */
  seed?: number;
}

/** Configures {@link createHintOneHotNet}. */
export interface HintOneHotNetConfig extends HintImageEncoderConfig {
  /** Hint classes (width of the one-hot hint); default 10. */
  hintClasses?: number;
  /** Digit classes (decoder outputs); default 10. */
  classes?: number;
  /** Initial value of the hint encoder's scalar; default 1. */
  hintScaleInit?: number;
  /** Model name; default `'mnist_hints_v1'`. */
  name?: string;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`mnist-hints nets: ${what} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * Applies the variant-1 image encoder to a flat 784-pixel input. Layers:
 * `image_2d`, `conv_1`, `conv_1_act`, `conv_2`, `conv_2_act`, `flatten`,
 * `dense_1`, `dense_1_act`, `dense_2`, `image_encoding`.
 */
export function applyHintImageEncoder(
  image: tf.SymbolicTensor,
  config: HintImageEncoderConfig = {},
): tf.SymbolicTensor {
  const [f1, f2] = config.convFilters ?? [8, 16];
  const [d1, d2] = config.denseUnits ?? [256, 256];
  const kernelSize = positiveInteger(config.kernelSize ?? 5, 'kernelSize');
  const strides = positiveInteger(config.strides ?? 2, 'strides');
  const alpha = config.leakyAlpha ?? 0.2;
  const seed = config.seed ?? 0;
  const init = (i: number) => tf.initializers.glorotUniform({ seed: seed + i });
  const act = (name: string) => tf.layers.leakyReLU({ alpha, name });
  let x = tf.layers.reshape({ targetShape: [28, 28, 1], name: 'image_2d' }).apply(image) as tf.SymbolicTensor;
  [f1, f2].forEach((filters, i) => {
    x = tf.layers
      .conv2d({
        filters: positiveInteger(filters, `convFilters[${i}]`),
        kernelSize,
        strides,
        padding: 'same',
        name: `conv_${i + 1}`,
        kernelInitializer: init(i),
      })
      .apply(x) as tf.SymbolicTensor;
    x = act(`conv_${i + 1}_act`).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  [d1, d2].forEach((units, i) => {
    x = tf.layers
      .dense({
        units: positiveInteger(units, `denseUnits[${i}]`),
        name: `dense_${i + 1}`,
        kernelInitializer: init(2 + i),
      })
      .apply(x) as tf.SymbolicTensor;
    x = act(i === 1 ? IMAGE_ENCODING_LAYER : `dense_${i + 1}_act`).apply(x) as tf.SymbolicTensor;
  });
  return x;
}

/** Applies the variant-1 hint encoder: the one-hot hint times one trainable scalar (layer `hint_encoding`). */
export function applyScalarHintEncoder(hint: tf.SymbolicTensor, initialValue = 1): tf.SymbolicTensor {
  registerScalarScale();
  return new ScalarScale({ initialValue, name: HINT_ENCODING_LAYER }).apply(hint) as tf.SymbolicTensor;
}

/**
 * Builds the whole variant-1 network: inputs `image` (784 pixels in [0, 1])
 * and `hint` (one-hot), output `logits` (a dense layer on
 * `concat([image_encoding, hint_encoding])`).
 */
export function createHintOneHotNet(config: HintOneHotNetConfig = {}): tf.LayersModel {
  const hintClasses = positiveInteger(config.hintClasses ?? 10, 'hintClasses');
  const classes = positiveInteger(config.classes ?? 10, 'classes');
  const image = tf.input({ shape: [784], name: 'image' });
  const hint = tf.input({ shape: [hintClasses], name: 'hint' });
  const imageEncoding = applyHintImageEncoder(image, config);
  const hintEncoding = applyScalarHintEncoder(hint, config.hintScaleInit ?? 1);
  const joint = tf.layers
    .concatenate({ name: 'joint_encoding' })
    .apply([imageEncoding, hintEncoding]) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({
      units: classes,
      name: 'logits',
      kernelInitializer: tf.initializers.glorotUniform({ seed: (config.seed ?? 0) + 4 }),
    })
    .apply(joint) as tf.SymbolicTensor;
  return tf.model({ inputs: [image, hint], outputs: logits, name: config.name ?? 'mnist_hints_v1' });
}

/** The current value of the variant-1 hint encoder's scalar (near 0 means the hint is hidden). */
export function hintScale(model: tf.LayersModel): number {
  const weights = model.getLayer(HINT_ENCODING_LAYER).getWeights();
  return weights[0]!.dataSync()[0]!;
}

/** Configures {@link createHintPixelsNet}. */
export interface HintPixelsNetConfig {
  /** Width of the hidden layer; default 256. */
  hiddenUnits?: number;
  /** Hidden activation; default `'relu'`. */
  activation?: 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid';
  /** Digit classes; default 10. */
  classes?: number;
  /** Seed of the Glorot-uniform initialisers; default 0. */
  seed?: number;
}

/**
 * Builds the variant-2 network: a two-layer MLP, 784 pixels -> `hidden_1`
 * (+ `hidden_1_act`, the stethoscope's tap) -> `logits`.
 */
export function createHintPixelsNet(config: HintPixelsNetConfig = {}): tf.LayersModel {
  return createMlp({
    inputSize: 784,
    hiddenSizes: [positiveInteger(config.hiddenUnits ?? 256, 'hiddenUnits')],
    outputs: config.classes ?? 10,
    activation: config.activation ?? 'relu',
    seed: config.seed ?? 0,
    name: 'mnist_hints_v2',
  });
}
