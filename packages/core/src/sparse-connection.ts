/**
 * The sparse first-layer connection of an analytic stethoscope (paper
 * Section 3). To compare how accessible information is at layers of
 * different widths, the stethoscope must (1) have the same capacity whatever
 * its input width and (2) see every input unit. The matrix therefore has a
 * constant number of non-zeros; every input unit feeds at least one hidden
 * unit and every hidden unit reads at least one input; the number of
 * connections per unit is spread uniformly on both sides.
 *
 * Construction: every hidden unit reads exactly `perHidden` distinct inputs.
 * The inputs are put in a seeded random order on a circle and hidden unit j
 * takes the `perHidden` consecutive ones starting at `j * perHidden`, so each
 * input is read floor or ceil of `nonZeros / inputs` times.
 */
import { InvalidArgumentError } from './errors';
import { createSeededRandom, shuffleWith } from './random';

/** Default number of non-zero weights of a sparse connection. */
export const DEFAULT_SPARSE_NON_ZEROS = 8192;

export interface SparseConnectionConfig {
  /** Width of the (flattened) input. */
  inputs: number;
  /** Hidden units of the stethoscope. */
  hidden: number;
  /**
   * Target number of non-zero weights (default {@link DEFAULT_SPARSE_NON_ZEROS}).
   * Rounded down to a multiple of `hidden`, and capped at `inputs * hidden`.
   * Must be at least `inputs` so that every input is connected. Use the same
   * value for every stethoscope you compare.
   */
  nonZeros?: number;
  /** Seed of the random layout (default 0). */
  seed?: number;
}

/** A seeded sparse input-to-hidden connectivity pattern. */
export interface SparseConnection {
  readonly inputs: number;
  readonly hidden: number;
  /** Inputs read by each hidden unit. */
  readonly perHidden: number;
  /** Actual number of non-zeros, `hidden * perHidden`. */
  readonly nonZeros: number;
  /** Hidden-major input indices: hidden unit j reads `inputIndices[j*perHidden ... (j+1)*perHidden - 1]`. */
  readonly inputIndices: Int32Array;
}

/** Builds the connection; throws if `nonZeros` is too small to connect every input. */
export function createSparseConnection(config: SparseConnectionConfig): SparseConnection {
  const { inputs, hidden, nonZeros = DEFAULT_SPARSE_NON_ZEROS, seed = 0 } = config;
  for (const [name, v] of [
    ['inputs', inputs],
    ['hidden', hidden],
    ['nonZeros', nonZeros],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new InvalidArgumentError(`Sparse connection: ${name} must be a positive integer, got ${v}.`);
    }
  }
  const perHidden = Math.min(Math.floor(nonZeros / hidden), inputs);
  if (perHidden < 1 || perHidden * hidden < inputs) {
    throw new InvalidArgumentError(
      `Sparse connection: ${nonZeros} non-zeros over ${hidden} hidden units cannot connect all ${inputs} inputs. ` +
        `Set nonZeros to at least ${Math.max(inputs, hidden)} (keep it the same for every stethoscope you compare), ` +
        "or use connection: 'dense'.",
    );
  }
  const random = createSeededRandom(seed);
  const order = shuffleWith(
    Array.from({ length: inputs }, (_, i) => i),
    random,
  );
  const hiddenOrder = shuffleWith(
    Array.from({ length: hidden }, (_, i) => i),
    random,
  );
  const inputIndices = new Int32Array(hidden * perHidden);
  for (let slot = 0; slot < hidden; slot++) {
    const j = hiddenOrder[slot]!;
    for (let t = 0; t < perHidden; t++) {
      inputIndices[j * perHidden + t] = order[(slot * perHidden + t) % inputs]!;
    }
  }
  return { inputs, hidden, perHidden, nonZeros: hidden * perHidden, inputIndices };
}

/** Connections per input unit (its out-degree), for checks and reports. */
export function inputDegrees(connection: SparseConnection): Int32Array {
  const degrees = new Int32Array(connection.inputs);
  for (const i of connection.inputIndices) degrees[i]!++;
  return degrees;
}
