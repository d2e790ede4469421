/**
 * A neural stethoscope (paper Section 3, Figure 1): a head h^s_psi attached
 * at a tap Z of the main network, trained on a supplemental task s, with a
 * signed weight lambda (a number or a schedule) that selects the mode:
 * 0 analytic, > 0 auxiliary, < 0 adversarial.
 *
 * Sign convention. psi always descends the gradient of L_s alone. theta
 * descends the gradient of `L_y + lambda * L_s` (Eq. 1). For lambda < 0 the
 * `objective` decides how theta's adversarial term is computed:
 * - `flipped-labels` (default, Eq. 2): theta minimises
 *   `L_y + |lambda| * L_s(flipped labels)`;
 * - `gradient-reversal`: a gradient-reversal layer with scale |lambda| between
 *   Z and the head; theta gets `lambda * grad L_s`;
 * - `negated` (Eq. 1 as written): theta minimises `L_y + lambda * L_s`.
 * The last two give theta the same gradient. They differ in the literature
 * only when the adversary is trained on the joint loss; here psi never is.
 */
import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';
import { type LambdaSpec, resolveLambda } from './lambda-schedule';
import { type ConnectionKind, createStethoscopeHead, type StethoscopeHead } from './stethoscope-head';
import type { TaskKind, TaskSpec } from './stethoscope-losses';
import { registerHeadLayers, resolveTap, type TapTarget, unregisterHeadLayers } from './tap';

/** How theta's adversarial term is formed for lambda < 0 (see the module comment). */
export type AdversarialObjective = 'flipped-labels' | 'gradient-reversal' | 'negated';

export const ADVERSARIAL_OBJECTIVES: readonly AdversarialObjective[] = [
  'flipped-labels',
  'gradient-reversal',
  'negated',
];

export interface StethoscopeConfig {
  /** Unique name; keys the labels in a batch, metrics and checkpoints. */
  name: string;
  /** Where to listen: a layer name of the main model or a symbolic tensor of its graph. */
  tap: TapTarget;
  /** Supplemental task: `'binary'` (sigmoid CE), `'n-way'` (softmax CE) or `'regression'` (MSE). */
  task: TaskKind;
  /** Classes of an n-way task (required for `'n-way'`, at least 2). */
  classes?: number;
  /** Outputs of a binary (independent labels) or regression task (default 1). */
  outputs?: number;
  /** Hidden units of the head (default 64). */
  hidden?: number;
  /** First-layer connection (default `'dense'`; `'sparse'` for comparing layers analytically). */
  connection?: ConnectionKind;
  /** Non-zeros of a sparse connection (default 8192). */
  nonZeros?: number;
  /** lambda: a number or a schedule of the step (default 0, analytic). */
  lambda?: LambdaSpec;
  /** Adversarial objective used while lambda < 0 (default `'flipped-labels'`). */
  objective?: AdversarialObjective;
  /** Seed of the head's initial weights and sparse layout (default 0). */
  seed?: number;
  /** Optimiser factory for psi (default: the trainer's `stethoscopeOptimizer`, RMSProp). */
  optimizer?: () => tf.Optimizer;
}

/** A stethoscope attached to a model. */
export interface Stethoscope {
  readonly name: string;
  readonly task: TaskSpec;
  /** The tapped symbolic tensor Z. */
  readonly tap: tf.SymbolicTensor;
  /** Name of the layer producing Z. */
  readonly tapLayerName: string;
  readonly head: StethoscopeHead;
  readonly lambda: LambdaSpec;
  readonly objective: AdversarialObjective;
  readonly optimizer: (() => tf.Optimizer) | undefined;
  readonly config: Readonly<StethoscopeConfig>;
  /** lambda at a step (validated finite). */
  lambdaAt(step: number): number;
  /** Frees psi. */
  dispose(): void;
}

/**
 * Attaches a stethoscope to `model`: resolves the tap and builds a head of
 * the right input width. Throws {@link InvalidArgumentError} on a bad tap
 * (unknown name, listing the layers that exist; a layer inside a head) or
 * bad configuration.
 */
export function createStethoscope(model: tf.LayersModel, config: StethoscopeConfig): Stethoscope {
  const { name, task: kind, objective = 'flipped-labels', lambda = 0 } = config;
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError('A stethoscope needs a non-empty name.');
  }
  if (kind !== 'binary' && kind !== 'n-way' && kind !== 'regression') {
    throw new InvalidArgumentError(
      `Stethoscope "${name}": task must be 'binary', 'n-way' or 'regression', got ${String(kind)}.`,
    );
  }
  if (!ADVERSARIAL_OBJECTIVES.includes(objective)) {
    throw new InvalidArgumentError(
      `Stethoscope "${name}": objective must be one of ${ADVERSARIAL_OBJECTIVES.join(', ')}, got ${String(objective)}.`,
    );
  }
  let outputs: number;
  if (kind === 'n-way') {
    if (!Number.isInteger(config.classes) || (config.classes ?? 0) < 2) {
      throw new InvalidArgumentError(
        `Stethoscope "${name}": an n-way task needs classes >= 2, got ${String(config.classes)}.`,
      );
    }
    outputs = config.classes!;
  } else {
    outputs = config.outputs ?? 1;
    if (!Number.isInteger(outputs) || outputs < 1) {
      throw new InvalidArgumentError(
        `Stethoscope "${name}": outputs must be a positive integer, got ${outputs}.`,
      );
    }
  }
  if (typeof lambda === 'number') resolveLambda(lambda, 0, `stethoscope "${name}"`);
  if (kind === 'regression' && objective === 'flipped-labels' && typeof lambda === 'number' && lambda < 0) {
    throw new InvalidArgumentError(
      `Stethoscope "${name}": the flipped-labels objective (Eq. 2) is undefined for regression. ` +
        "Use objective 'gradient-reversal' or 'negated'.",
    );
  }
  const resolved = resolveTap(model, config.tap);
  const shape = resolved.tensor.shape.slice(1) as number[];
  const head = createStethoscopeHead({
    name,
    inputShape: shape,
    outputs,
    hidden: config.hidden,
    connection: config.connection,
    nonZeros: config.nonZeros,
    seed: config.seed,
  });
  registerHeadLayers(name, head.layerNames);
  return {
    name,
    task: { kind, outputs },
    tap: resolved.tensor,
    tapLayerName: resolved.layerName,
    head,
    lambda,
    objective,
    optimizer: config.optimizer,
    config: { ...config },
    lambdaAt: (step) => resolveLambda(lambda, step, `stethoscope "${name}"`),
    dispose() {
      unregisterHeadLayers(head.layerNames);
      head.dispose();
    },
  };
}
