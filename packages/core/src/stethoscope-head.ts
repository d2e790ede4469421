/**
 * The stethoscope itself, h^s_psi of paper Section 3: a two-layer perceptron
 * with a ReLU hidden layer, reading a (flattened) intermediate tensor Z. The
 * first layer is dense, or sparse (Section 3's constant-capacity connection,
 * see sparse-connection.ts) for comparing layers analytically. Its weights
 * psi are plain tf.Variables owned by the head, initialised from a seed.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';
import { createSeededRandom, type SeededRandom } from './random';
import { createSparseConnection, type SparseConnection } from './sparse-connection';
import { stopGradient } from './stop-gradient';

/** How the head's first layer reads its input. */
export type ConnectionKind = 'dense' | 'sparse';

/** Default hidden width of a stethoscope head. */
export const DEFAULT_HEAD_HIDDEN = 64;

export interface StethoscopeHeadConfig {
  /** Name used in errors, metrics and checkpoints. */
  name: string;
  /** Shape of Z without the batch dimension; it is flattened. */
  inputShape: readonly number[];
  /** Output logits (classes for n-way, labels for binary, targets for regression). */
  outputs: number;
  /** Hidden units (default {@link DEFAULT_HEAD_HIDDEN}). */
  hidden?: number;
  /** First-layer connection (default `'dense'`). */
  connection?: ConnectionKind;
  /** Non-zeros of a sparse connection (default: see {@link createSparseConnection}). */
  nonZeros?: number;
  /** Seed of the initial weights and of the sparse layout (default 0). */
  seed?: number;
}

export interface HeadApplyOptions {
  /** Read psi through a stop-gradient, so the result sends no gradient into psi (default false). */
  freezeWeights?: boolean;
}

/** A two-layer perceptron head. */
export interface StethoscopeHead {
  readonly name: string;
  readonly inputSize: number;
  readonly hidden: number;
  readonly outputs: number;
  readonly connection: ConnectionKind;
  /** The sparse layout, when `connection` is `'sparse'`. */
  readonly sparse: SparseConnection | undefined;
  /** Replaces the sparse layout's input indices (same length), e.g. from a checkpoint. */
  setSparseLayout(inputIndices: Int32Array): void;
  /** psi, in a fixed order: first-layer weights, first-layer bias, second-layer weights, bias. */
  readonly variables: readonly tf.Variable[];
  /** Stable names of the variables, in the same order (for checkpoints). */
  readonly variableKeys: readonly string[];
  /** Names of the head's two layers; taps on them are rejected. */
  readonly layerNames: readonly string[];
  /** Logits [batch, outputs] for Z [batch, ...inputShape]. */
  apply(z: tf.Tensor, options?: HeadApplyOptions): tf.Tensor2D;
  /** Re-draws psi from `seed` (a fresh stethoscope). */
  reinitialize(seed: number): void;
  dispose(): void;
}

/** Creates a head; its variables live until {@link StethoscopeHead.dispose}. */
export function createStethoscopeHead(config: StethoscopeHeadConfig): StethoscopeHead {
  const { name, inputShape, outputs, hidden = DEFAULT_HEAD_HIDDEN, connection = 'dense', seed = 0 } = config;
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  if (!inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new InvalidArgumentError(
      `Stethoscope "${name}": the tapped tensor has shape [batch, ${inputShape.join(', ')}]; every dimension ` +
        'after the batch must be known and positive. Tap a layer with a fully defined output shape.',
    );
  }
  if (!Number.isInteger(hidden) || hidden < 1) {
    throw new InvalidArgumentError(
      `Stethoscope "${name}": hidden must be a positive integer, got ${hidden}.`,
    );
  }
  if (!Number.isInteger(outputs) || outputs < 1) {
    throw new InvalidArgumentError(
      `Stethoscope "${name}": outputs must be a positive integer, got ${outputs}.`,
    );
  }
  if (connection !== 'dense' && connection !== 'sparse') {
    throw new InvalidArgumentError(
      `Stethoscope "${name}": connection must be 'dense' or 'sparse', got ${String(connection)}.`,
    );
  }
  let sparse =
    connection === 'sparse'
      ? createSparseConnection({ inputs: inputSize, hidden, nonZeros: config.nonZeros, seed })
      : undefined;
  const firstShape = sparse ? [sparse.nonZeros] : [inputSize, hidden];
  const fanIn = sparse ? sparse.perHidden : inputSize;
  let sparseIndices = sparse ? tf.keep(tf.tensor1d(sparse.inputIndices, 'int32')) : undefined;

  const draw = (random: SeededRandom) => [
    uniform(firstShape, Math.sqrt(6 / fanIn), random),
    tf.zeros([hidden]),
    uniform([hidden, outputs], Math.sqrt(6 / (hidden + outputs)), random),
    tf.zeros([outputs]),
  ];
  const initial = draw(createSeededRandom(seed));
  const variables = initial.map((t) => tf.variable(t, true));
  tf.dispose(initial);
  const keys = ['w1', 'b1', 'w2', 'b2'];
  const perHidden = sparse?.perHidden ?? 0;

  return {
    name,
    inputSize,
    hidden,
    outputs,
    connection,
    get sparse() {
      return sparse;
    },
    setSparseLayout(inputIndices) {
      if (!sparse || inputIndices.length !== sparse.inputIndices.length) {
        throw new InvalidArgumentError(
          `Stethoscope "${name}": a sparse layout of ${inputIndices.length} indices does not fit this head ` +
            `(${sparse ? `${sparse.inputIndices.length} non-zeros` : 'dense connection'}).`,
        );
      }
      if (inputIndices.some((i) => i < 0 || i >= inputSize)) {
        throw new InvalidArgumentError(
          `Stethoscope "${name}": sparse layout indices must lie in [0, ${inputSize}).`,
        );
      }
      sparse = { ...sparse, inputIndices: Int32Array.from(inputIndices) };
      sparseIndices?.dispose();
      sparseIndices = tf.keep(tf.tensor1d(sparse.inputIndices, 'int32'));
    },
    variables,
    variableKeys: keys.map((k) => `${name}/${k}`),
    layerNames: [`${name}/hidden`, `${name}/output`],
    apply(z, options = {}) {
      return tf.tidy(() => {
        const read = (v: tf.Variable) => (options.freezeWeights ? stopGradient(v) : v);
        const [w1, b1, w2, b2] = variables.map(read) as unknown as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
        ];
        const x = tf.reshape(z, [-1, inputSize]) as tf.Tensor2D;
        let pre: tf.Tensor2D;
        if (sparseIndices) {
          const gathered = gatherColumns(x, sparseIndices, inputSize);
          const weighted = tf.mul(gathered, w1).reshape([-1, hidden, perHidden]);
          pre = tf.sum(weighted, 2) as tf.Tensor2D;
        } else {
          pre = tf.matMul(x, w1 as tf.Tensor2D);
        }
        const h = tf.relu(tf.add(pre, b1));
        return tf.add(tf.matMul(h as tf.Tensor2D, w2 as tf.Tensor2D), b2) as tf.Tensor2D;
      });
    },
    reinitialize(newSeed) {
      const fresh = draw(createSeededRandom(newSeed));
      fresh.forEach((t, i) => {
        variables[i]!.assign(t);
      });
      tf.dispose(fresh);
    },
    dispose() {
      tf.dispose(variables);
      sparseIndices?.dispose();
    },
  };
}

function uniform(shape: number[], limit: number, random: SeededRandom): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (random.next() * 2 - 1) * limit;
  return tf.tensor(values, shape);
}

/**
 * `tf.gather(x, indices, 1)` with a fast gradient: tfjs differentiates gather
 * through UnsortedSegmentSum, which is slow on the cpu backend (about 0.7 s
 * a step for a 1024-non-zero head); scattering the incoming gradient back
 * with scatterND (which sums repeated indices) costs O(batch * non-zeros).
 */
function gatherColumns(x: tf.Tensor2D, indices: tf.Tensor1D, inputSize: number): tf.Tensor2D {
  const gather = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor2D;
    return {
      value: tf.gather(input, indices, 1),
      gradFunc: (dy: tf.Tensor) =>
        tf.tidy(() => {
          const batch = dy.shape[0]!;
          const columns = tf.scatterND(indices.reshape([-1, 1]), tf.transpose(dy), [inputSize, batch]);
          return tf.transpose(columns);
        }),
    };
  });
  return gather(x) as tf.Tensor2D;
}
