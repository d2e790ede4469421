/**
 * Snapshots of a stethoscope trainer (paper Section 3's theta, every psi and
 * their optimisers), so training resumes exactly: copies out for
 * `trainer.getState()`, validation and writes back for `trainer.setState()`.
 * checkpoint.ts serialises these snapshots.
 */
import * as tf from '@tensorflow/tfjs';
import { StethError } from './errors';
import type { Stethoscope } from './stethoscope';

/** A tensor with a name, as tfjs optimisers' getWeights/setWeights use. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** Everything needed to resume training exactly; see checkpoint.ts. */
export interface TrainerState {
  step: number;
  randomState: number;
  /** Main model weights in `model.weights` order (includes non-trainable ones). */
  modelWeights: NamedTensor[];
  /** psi per stethoscope, in head variable order. */
  stethoscopeWeights: Record<string, NamedTensor[]>;
  /** Optimiser state (from `optimizer.getWeights()`), keyed `theta` and by stethoscope name. */
  optimizerWeights: Record<string, NamedTensor[]>;
}

/** What a snapshot is taken from. */
export interface TrainerStateSource {
  model: tf.LayersModel;
  stethoscopes: readonly Stethoscope[];
  step: number;
  randomState: number;
  /** Optimisers keyed `theta` and by stethoscope name, in the order they are saved. */
  optimizers: Iterable<readonly [string, tf.Optimizer]>;
}

/** Copies weights and optimiser state (the tensors are owned by the caller). */
export async function snapshotTrainerState(source: TrainerStateSource): Promise<TrainerState> {
  const optimizerWeights: Record<string, NamedTensor[]> = {};
  for (const [name, opt] of source.optimizers) optimizerWeights[name] = await copyOptimizerWeights(opt);
  const stethoscopeWeights: Record<string, NamedTensor[]> = {};
  for (const s of source.stethoscopes) {
    stethoscopeWeights[s.name] = s.head.variables.map((v, i) => ({
      name: s.head.variableKeys[i]!,
      tensor: v.clone(),
    }));
  }
  return {
    step: source.step,
    randomState: source.randomState,
    modelWeights: source.model.weights.map((w) => ({ name: w.originalName, tensor: w.read().clone() })),
    stethoscopeWeights,
    optimizerWeights,
  };
}

/**
 * Checks that `state` fits `model` and `stethoscopes` (counts and shapes),
 * then writes the model weights and every psi. Writes nothing if a check fails.
 */
export function writeTrainerWeights(
  model: tf.LayersModel,
  stethoscopes: readonly Stethoscope[],
  state: TrainerState,
): void {
  const weights = model.weights;
  if (state.modelWeights.length !== weights.length) {
    throw new StethError(
      `The saved state has ${state.modelWeights.length} model weights but model "${model.name}" has ${weights.length}. ` +
        'Restore into a model of the same configuration.',
    );
  }
  weights.forEach((w, i) => {
    const saved = state.modelWeights[i]!;
    if (!tf.util.arraysEqual(saved.tensor.shape, w.shape as number[])) {
      throw new StethError(
        `Model weight ${i} "${w.originalName}" has shape [${w.shape}] but the saved weight "${saved.name}" has ` +
          `shape [${saved.tensor.shape}]. Restore into a model of the same configuration.`,
      );
    }
  });
  for (const s of stethoscopes) {
    const saved = state.stethoscopeWeights[s.name];
    if (!saved) {
      throw new StethError(
        `The saved state has no weights for stethoscope "${s.name}" (it has: ${Object.keys(state.stethoscopeWeights).join(', ') || 'none'}).`,
      );
    }
    s.head.variables.forEach((v, i) => {
      const t = saved[i]?.tensor;
      if (!t || !tf.util.arraysEqual(t.shape, v.shape)) {
        throw new StethError(
          `Stethoscope "${s.name}" weight ${s.head.variableKeys[i]} has shape [${v.shape}] but the saved one ` +
            `has shape [${t?.shape ?? 'missing'}]. Restore into stethoscopes of the same configuration.`,
        );
      }
    });
  }
  weights.forEach((w, i) => {
    w.write(state.modelWeights[i]!.tensor);
  });
  for (const s of stethoscopes) {
    s.head.variables.forEach((v, i) => {
      v.assign(state.stethoscopeWeights[s.name]![i]!.tensor);
    });
  }
}

async function copyOptimizerWeights(optimizer: tf.Optimizer): Promise<NamedTensor[]> {
  const weights = await optimizer.getWeights();
  // The iteration counter is a fresh tensor; the accumulators are the optimiser's own variables.
  return weights.map((w, i) => ({ name: w.name, tensor: i === 0 ? w.tensor : w.tensor.clone() }));
}

/** Loads saved optimiser state into a fresh optimiser. */
export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  weights: NamedTensor[] | undefined,
): Promise<void> {
  if (!weights || weights.length <= 1) return; // never stepped: a fresh optimiser is the same
  await optimizer.setWeights(weights);
}
