/**
 * The training step of paper Section 3. Every stethoscope's psi descends the
 * gradient of its own L_s alone; the main weights theta descend the gradient
 * of `L_y + sum_i lambda_i * L_s_i` (Eq. 1), with Eq. 2's flipped labels (or
 * gradient reversal, or the literal negated loss) for lambda_i < 0. All
 * stethoscopes read one forward pass of the main network and all gradients
 * come from one backward pass: the loss is
 *
 *   L_y + sum_i [ L_s_i(stop(Z_i), psi_i) + c_i * T_i(Z_i, stop(psi_i)) ]
 *
 * where the first bracketed term reaches only psi_i and the theta term T_i
 * (auxiliary, flipped, reversed or negated L_s_i, scaled by c_i) reaches only
 * theta. For lambda_i = 0 the theta term is left out, so theta's gradient is
 * bit for bit that of L_y alone.
 *
 * theta and each psi have their own optimiser (RMSProp by default, as in the
 * paper), always applied with explicit variable lists, in a fixed order, so
 * optimiser state is stable across steps and checkpoints.
 */
import * as tf from '@tensorflow/tfjs';

/** A tensor with a name, as tfjs optimisers' getWeights/setWeights use. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

import { InvalidArgumentError, StethError } from './errors';
import { gradientCosineAtTap } from './gradient-cosine';
import { gradientReversal } from './gradient-reversal';
import { modeOf } from './lambda-schedule';
import {
  createMetricsHub,
  type EvalRecord,
  type MetricsListener,
  type StepRecord,
  type StethoscopeEvalMetrics,
  type StethoscopeStepMetrics,
} from './metrics';
import { createSeededRandom } from './random';
import type { Stethoscope } from './stethoscope';
import {
  accuracyByCategory,
  correctPerExample,
  flippedTaskLoss,
  type TaskKind,
  type TaskSpec,
  taskAccuracy,
  taskLoss,
  validateLabels,
} from './stethoscope-losses';
import { stopGradient } from './stop-gradient';
import { createTappedModel, type TappedModel } from './tap';

/** A custom main loss: `(yTrue, yPred) => scalar`. */
export type MainLossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** One batch. Labels may be left out per task to train on partially labelled data. */
export interface StethoscopeBatch {
  /** Model input(s). */
  x: tf.Tensor | tf.Tensor[];
  /** Main labels; omit to skip L_y for this batch. */
  y?: tf.Tensor;
  /** Stethoscope labels keyed by stethoscope name; a stethoscope without labels sits this batch out. */
  s?: Record<string, tf.Tensor>;
  /** One category per example (e.g. 'easy' / 'hard'); `evaluate` then reports accuracy per category. Ignored by `step`. */
  categories?: ArrayLike<string | number>;
}

/** Creates an optimiser; called once per parameter group. */
export type OptimizerFactory = () => tf.Optimizer;

/** Default learning rate of the default RMSProp optimisers. */
export const DEFAULT_LEARNING_RATE = 1e-3;

export interface StethoscopeTrainerConfig {
  /** The main network f_theta; its output is logits for the built-in tasks. */
  model: tf.LayersModel;
  /**
   * Main task: `'binary'` (sigmoid CE), `'n-way'` (softmax CE, labels are
   * class indices) or `'regression'` (MSE) on the model's output, or a custom
   * loss function (no main accuracy then).
   */
  mainTask: TaskKind | MainLossFunction;
  /** Stethoscopes attached to `model` (see createStethoscope); names must be unique. Default none. */
  stethoscopes?: readonly Stethoscope[];
  /** Optimiser of theta (default RMSProp, learning rate 1e-3). */
  optimizer?: OptimizerFactory;
  /** Default optimiser of each psi (default RMSProp, learning rate 1e-3); a stethoscope's own `optimizer` wins. */
  stethoscopeOptimizer?: OptimizerFactory;
  /** k: stethoscope updates per main update; the first k-1 update psi only, on the same batch (default 1). */
  stethoscopeSteps?: number;
  /** Keep theta fixed and train only the stethoscopes, main model in inference mode (default false). */
  freezeMain?: boolean;
  /** Log the cosine between grad L_y and grad L_s at each tapped layer every step (default false; costs two extra backward passes per stethoscope). */
  gradientCosine?: boolean;
  /** Seed of the trainer's random stream (used for fresh stethoscopes; saved in checkpoints) (default 0). */
  seed?: number;
  /** Receives every metrics record (more with `trainer.onMetrics`). */
  onMetrics?: MetricsListener;
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

/** Trains a main network and its stethoscopes. */
export interface StethoscopeTrainer {
  readonly model: tf.LayersModel;
  readonly stethoscopes: readonly Stethoscope[];
  /** The multi-output model serving all taps in one forward pass. */
  readonly tapped: TappedModel;
  /** Steps taken so far (the schedule position). */
  readonly stepCount: number;
  /** Whether theta is frozen. */
  readonly frozen: boolean;
  /** One training step (k stethoscope updates, one main update); returns and emits its record. */
  step(batch: StethoscopeBatch): StepRecord;
  /** Updates only psi on a batch (theta untouched); returns and emits a step record without advancing the step. */
  stethoscopeStep(batch: StethoscopeBatch): StepRecord;
  /** Evaluates on one or more batches in inference mode; returns and emits the record. */
  evaluate(batches: StethoscopeBatch | readonly StethoscopeBatch[], split?: string): EvalRecord;
  /** Stethoscope by name (throws if unknown). */
  get(name: string): Stethoscope;
  /** Re-draws a stethoscope's psi from the trainer's random stream and resets its optimiser (a fresh probe). */
  resetStethoscope(name: string): void;
  /** Freeze or unfreeze theta. */
  setFrozen(frozen: boolean): void;
  /** Adds a listener; returns a function removing it. */
  onMetrics(listener: MetricsListener): () => void;
  /** Snapshot of everything needed to resume (tensors are copies owned by the caller). */
  getState(): Promise<TrainerState>;
  /** Restores a snapshot taken from a trainer of the same configuration. */
  setState(state: TrainerState): Promise<void>;
  /** Disposes the optimisers (not the model or stethoscopes, which the caller owns). */
  dispose(): void;
}

const defaultOptimizer: OptimizerFactory = () => tf.train.rmsprop(DEFAULT_LEARNING_RATE);

/** Creates a trainer; see the module comment for the update rule. */
export function createStethoscopeTrainer(config: StethoscopeTrainerConfig): StethoscopeTrainer {
  const { model, mainTask, stethoscopes = [], stethoscopeSteps = 1, gradientCosine = false } = config;
  let frozen = config.freezeMain ?? false;
  if (!Number.isInteger(stethoscopeSteps) || stethoscopeSteps < 1) {
    throw new InvalidArgumentError(
      `stethoscopeSteps (k) must be a positive integer, got ${stethoscopeSteps}.`,
    );
  }
  const names = new Set<string>();
  for (const s of stethoscopes) {
    if (names.has(s.name)) {
      throw new InvalidArgumentError(`Two stethoscopes are named "${s.name}"; names must be unique.`);
    }
    names.add(s.name);
  }
  const tapped = createTappedModel(
    model,
    stethoscopes.map((s) => s.tap),
  );
  const tapIndex = stethoscopes.map((s) => tapped.indexOf(s.tap));
  const outputShape = model.outputs[0]!.shape;
  const outputWidth = (outputShape.slice(1) as number[]).reduce((a, b) => a * b, 1);
  const mainSpec: TaskSpec | undefined =
    typeof mainTask === 'function' ? undefined : { kind: mainTask, outputs: outputWidth };
  if (mainSpec?.kind === 'n-way' && outputWidth < 2) {
    throw new InvalidArgumentError(
      `mainTask 'n-way' needs a model output of at least 2 logits; model "${model.name}" outputs ${outputWidth}.`,
    );
  }
  const mainLoss: MainLossFunction =
    typeof mainTask === 'function' ? mainTask : (y, yPred) => taskLoss(mainSpec!, yPred, y);

  const thetaOptimizerFactory = config.optimizer ?? defaultOptimizer;
  let thetaOptimizer = thetaOptimizerFactory();
  const psiOptimizerFactory = (s: Stethoscope) =>
    s.optimizer ?? config.stethoscopeOptimizer ?? defaultOptimizer;
  const psiOptimizers = new Map(stethoscopes.map((s) => [s.name, psiOptimizerFactory(s)()]));
  const random = createSeededRandom(config.seed ?? 0);
  const hub = createMetricsHub(config.onMetrics ? [config.onMetrics] : []);
  let stepCount = 0;

  const thetaVariables = (): tf.Variable[] => model.trainableWeights.map((w) => w.read() as tf.Variable);

  function batchSizeOf(x: tf.Tensor | tf.Tensor[]): number {
    const first = Array.isArray(x) ? x[0] : x;
    if (!first) throw new InvalidArgumentError('The batch has no input tensor x.');
    return first.shape[0]!;
  }

  /** Validates a batch; returns the stethoscopes (with their index) that have labels in it. */
  function checkBatch(batch: StethoscopeBatch): { active: number[]; batchSize: number } {
    const batchSize = batchSizeOf(batch.x);
    if (batch.y) {
      if (mainSpec) validateLabels(mainSpec, batch.y, batchSize, 'the main task');
      else if (batch.y.shape[0] !== batchSize) {
        throw new InvalidArgumentError(
          `Main labels have ${batch.y.shape[0]} rows but the batch has ${batchSize} examples.`,
        );
      }
    }
    const labels = batch.s ?? {};
    for (const key of Object.keys(labels)) {
      if (!names.has(key)) {
        throw new InvalidArgumentError(
          `The batch has labels for "${key}", which is not a stethoscope of this trainer. ` +
            `Stethoscopes: ${[...names].join(', ') || '(none)'}.`,
        );
      }
    }
    const active: number[] = [];
    stethoscopes.forEach((s, i) => {
      const l = labels[s.name];
      if (!l) return;
      validateLabels(s.task, l, batchSize, `stethoscope "${s.name}"`);
      active.push(i);
    });
    return { active, batchSize };
  }

  function applyInOrder(
    optimizer: tf.Optimizer,
    variables: readonly tf.Variable[],
    grads: tf.NamedTensorMap,
  ) {
    // Same list, same order every time: tfjs optimisers key their state by position.
    optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: grads[v.name] as tf.Tensor })));
  }

  /** One update; `updateTheta` false gives a psi-only step. */
  function update(batch: StethoscopeBatch, active: number[], updateTheta: boolean, lambdas: number[]) {
    // theta learns from the main loss and from auxiliary or adversarial terms. A batch with neither
    // (stethoscope labels only, every lambda 0) must not reach theta's optimiser at all: the
    // stop-gradient hands theta exact zeros, and a zero gradient still moves RMSProp's and Adam's
    // state, which would make an analytic stethoscope change later main updates.
    const thetaLearns = updateTheta && (Boolean(batch.y) || active.some((i) => lambdas[i] !== 0));
    const theta = thetaLearns ? thetaVariables() : [];
    const psi = active.flatMap((i) => stethoscopes[i]!.head.variables);
    const nothing = {
      main: null,
      mainAcc: null,
      per: new Map<number, { loss: number; acc: number | null }>(),
    };
    if (psi.length === 0 && (theta.length === 0 || !batch.y)) return nothing;
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor | null>(t: T): T => {
      if (t) kept.push(tf.keep(t));
      return t;
    };
    let mainLossT: tf.Scalar | null = null;
    let mainAccT: tf.Scalar | null = null;
    const per = new Map<number, { loss: tf.Scalar; acc: tf.Scalar | null }>();
    // Only a pass that updates theta runs the main network in training mode. Psi-only passes (the
    // k - 1 extra stethoscope steps, batches with stethoscope labels only and every lambda 0) run it
    // in inference mode: in training mode they would update batch norm's moving statistics and draw
    // dropout masks, so an analytic stethoscope would change the main network after all.
    const training = thetaLearns && !frozen;
    const { value, grads } = tf.variableGrads(() => {
      const { taps, output } = tapped.run(batch.x, training);
      let total: tf.Scalar = tf.scalar(0);
      if (batch.y && updateTheta) {
        const ly = mainLoss(batch.y, output);
        mainLossT = keep(ly.clone());
        mainAccT = mainSpec ? keep(taskAccuracy(mainSpec, output, batch.y)) : null;
        total = ly;
      }
      for (const i of active) {
        const s = stethoscopes[i]!;
        const z = taps[tapIndex[i]!]!;
        const labels = batch.s![s.name]!;
        const logits = s.head.apply(stopGradient(z));
        const loss = keep(taskLoss(s.task, logits, labels));
        per.set(i, { loss, acc: keep(taskAccuracy(s.task, logits, labels)) });
        total = tf.add(total, loss);
        const lambda = lambdas[i]!;
        if (!updateTheta || lambda === 0) continue;
        let term: tf.Scalar;
        if (lambda > 0) {
          term = tf.mul(lambda, taskLoss(s.task, s.head.apply(z, { freezeWeights: true }), labels));
        } else if (s.objective === 'flipped-labels') {
          term = tf.mul(-lambda, flippedTaskLoss(s.task, s.head.apply(z, { freezeWeights: true }), labels));
        } else if (s.objective === 'negated') {
          term = tf.mul(lambda, taskLoss(s.task, s.head.apply(z, { freezeWeights: true }), labels));
        } else {
          const reversed = gradientReversal(z, -lambda);
          term = taskLoss(s.task, s.head.apply(reversed, { freezeWeights: true }), labels);
        }
        total = tf.add(total, term);
      }
      return total;
    }, [...theta, ...psi]);
    try {
      if (theta.length > 0) applyInOrder(thetaOptimizer, theta, grads);
      for (const i of active) {
        const s = stethoscopes[i]!;
        applyInOrder(psiOptimizers.get(s.name)!, s.head.variables, grads);
      }
    } finally {
      value.dispose();
      tf.dispose(grads);
    }
    const read = (t: tf.Scalar | null) => (t ? t.dataSync()[0]! : null);
    const result = {
      main: read(mainLossT),
      mainAcc: read(mainAccT),
      per: new Map([...per].map(([i, v]) => [i, { loss: read(v.loss)!, acc: read(v.acc) }])),
    };
    tf.dispose(kept);
    return result;
  }

  function runStep(batch: StethoscopeBatch, psiOnly: boolean): StepRecord {
    const { active } = checkBatch(batch);
    const step = stepCount;
    const lambdas = stethoscopes.map((s) => s.lambdaAt(step));
    for (let k = 1; k < (psiOnly ? 1 : stethoscopeSteps); k++) update(batch, active, false, lambdas);
    const cosines = new Map<number, number | null>();
    const updateTheta = !psiOnly && !frozen;
    if (gradientCosine && batch.y) {
      for (const i of active) {
        cosines.set(
          i,
          gradientCosineAtTap({
            model,
            tapped,
            tapIndex: tapIndex[i]!,
            tapLayerName: stethoscopes[i]!.tapLayerName,
            head: stethoscopes[i]!.head,
            task: stethoscopes[i]!.task,
            mainLoss,
            batch: { x: batch.x, y: batch.y, s: batch.s![stethoscopes[i]!.name]! },
            training: !frozen,
          }),
        );
      }
    }
    const result = update(batch, active, updateTheta, lambdas);
    const record: StepRecord = {
      type: 'step',
      step,
      mainLoss: result.main,
      mainAccuracy: result.mainAcc,
      stethoscopes: {},
    };
    for (const i of active) {
      const s = stethoscopes[i]!;
      const lambda = lambdas[i]!;
      const r = result.per.get(i)!;
      const m: StethoscopeStepMetrics = { lambda, mode: modeOf(lambda), loss: r.loss, accuracy: r.acc };
      if (lambda < 0) m.objective = s.objective;
      if (cosines.has(i)) m.gradientCosine = cosines.get(i)!;
      record.stethoscopes[s.name] = m;
    }
    if (!psiOnly) stepCount++;
    hub.emit(record);
    return record;
  }

  function evaluate(input: StethoscopeBatch | readonly StethoscopeBatch[], split?: string): EvalRecord {
    const batches = Array.isArray(input) ? input : [input as StethoscopeBatch];
    let mainLossSum = 0;
    let mainAccSum = 0;
    let mainCount = 0;
    const sums = new Map<string, { loss: number; acc: number; count: number }>();
    const categoryTallies = new Map<string, { correct: boolean[]; categories: (string | number)[] }>();
    const tally = (key: string, correct: boolean[] | null, categories: ArrayLike<string | number>) => {
      if (!correct) return;
      const t = categoryTallies.get(key) ?? { correct: [], categories: [] };
      t.correct.push(...correct);
      t.categories.push(...Array.from(categories));
      categoryTallies.set(key, t);
    };
    for (const batch of batches) {
      const { active, batchSize } = checkBatch(batch);
      const categories = batch.categories;
      if (categories && categories.length !== batchSize) {
        throw new InvalidArgumentError(
          `The batch has ${categories.length} categories for ${batchSize} examples; give one category per example.`,
        );
      }
      const values = tf.tidy(() => {
        const { taps, output } = tapped.run(batch.x, false);
        const out: number[] = [];
        if (batch.y) {
          out.push(mainLoss(batch.y, output).dataSync()[0]!);
          out.push(
            mainSpec ? (taskAccuracy(mainSpec, output, batch.y)?.dataSync()[0] ?? Number.NaN) : Number.NaN,
          );
          if (categories && mainSpec) tally('', correctPerExample(mainSpec, output, batch.y), categories);
        }
        for (const i of active) {
          const s = stethoscopes[i]!;
          const labels = batch.s![s.name]!;
          const logits = s.head.apply(taps[tapIndex[i]!]!);
          out.push(taskLoss(s.task, logits, labels).dataSync()[0]!);
          out.push(taskAccuracy(s.task, logits, labels)?.dataSync()[0] ?? Number.NaN);
          if (categories) tally(`s/${s.name}`, correctPerExample(s.task, logits, labels), categories);
        }
        return out;
      });
      let at = 0;
      if (batch.y) {
        mainLossSum += values[at++]! * batchSize;
        mainAccSum += values[at++]! * batchSize;
        mainCount += batchSize;
      }
      for (const i of active) {
        const name = stethoscopes[i]!.name;
        const acc = sums.get(name) ?? { loss: 0, acc: 0, count: 0 };
        acc.loss += values[at++]! * batchSize;
        acc.acc += values[at++]! * batchSize;
        acc.count += batchSize;
        sums.set(name, acc);
      }
    }
    const stethMetrics: Record<string, StethoscopeEvalMetrics> = {};
    for (const [name, v] of sums) {
      const acc = v.acc / v.count;
      stethMetrics[name] = {
        loss: v.loss / v.count,
        accuracy: Number.isNaN(acc) ? null : acc,
        count: v.count,
      };
      const t = categoryTallies.get(`s/${name}`);
      if (t) stethMetrics[name].perCategory = accuracyByCategory(t.correct, t.categories);
    }
    const mainAcc = mainCount > 0 ? mainAccSum / mainCount : Number.NaN;
    const record: EvalRecord = {
      type: 'eval',
      step: stepCount,
      mainLoss: mainCount > 0 ? mainLossSum / mainCount : null,
      mainAccuracy: Number.isNaN(mainAcc) ? null : mainAcc,
      count: mainCount,
      stethoscopes: stethMetrics,
    };
    if (split !== undefined) record.split = split;
    const mainTally = categoryTallies.get('');
    if (mainTally) record.mainPerCategory = accuracyByCategory(mainTally.correct, mainTally.categories);
    hub.emit(record);
    return record;
  }

  function get(name: string): Stethoscope {
    const s = stethoscopes.find((t) => t.name === name);
    if (!s) {
      throw new InvalidArgumentError(
        `No stethoscope named "${name}" in this trainer. Stethoscopes: ${[...names].join(', ') || '(none)'}.`,
      );
    }
    return s;
  }

  return {
    model,
    stethoscopes,
    tapped,
    get stepCount() {
      return stepCount;
    },
    get frozen() {
      return frozen;
    },
    step: (batch) => runStep(batch, false),
    stethoscopeStep: (batch) => runStep(batch, true),
    evaluate,
    get,
    resetStethoscope(name) {
      const s = get(name);
      s.head.reinitialize(random.nextInt(0x100000000));
      psiOptimizers.get(name)!.dispose();
      psiOptimizers.set(name, psiOptimizerFactory(s)());
    },
    setFrozen(value) {
      frozen = value;
    },
    onMetrics: (listener) => hub.add(listener),
    async getState() {
      const optimizerWeights: Record<string, NamedTensor[]> = {
        theta: await copyOptimizerWeights(thetaOptimizer),
      };
      for (const [name, opt] of psiOptimizers) optimizerWeights[name] = await copyOptimizerWeights(opt);
      const stethoscopeWeights: Record<string, NamedTensor[]> = {};
      for (const s of stethoscopes) {
        stethoscopeWeights[s.name] = s.head.variables.map((v, i) => ({
          name: s.head.variableKeys[i]!,
          tensor: v.clone(),
        }));
      }
      return {
        step: stepCount,
        randomState: random.getState(),
        modelWeights: model.weights.map((w) => ({ name: w.originalName, tensor: w.read().clone() })),
        stethoscopeWeights,
        optimizerWeights,
      };
    },
    async setState(state) {
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
      thetaOptimizer.dispose();
      thetaOptimizer = thetaOptimizerFactory();
      await restoreOptimizer(thetaOptimizer, state.optimizerWeights.theta);
      for (const s of stethoscopes) {
        psiOptimizers.get(s.name)!.dispose();
        const opt = psiOptimizerFactory(s)();
        psiOptimizers.set(s.name, opt);
        await restoreOptimizer(opt, state.optimizerWeights[s.name]);
      }
      stepCount = state.step;
      random.setState(state.randomState);
    },
    dispose() {
      thetaOptimizer.dispose();
      for (const opt of psiOptimizers.values()) opt.dispose();
    },
  };
}

async function copyOptimizerWeights(optimizer: tf.Optimizer): Promise<NamedTensor[]> {
  const weights = await optimizer.getWeights();
  // The iteration counter is a fresh tensor; the accumulators are the optimiser's own variables.
  return weights.map((w, i) => ({ name: w.name, tensor: i === 0 ? w.tensor : w.tensor.clone() }));
}

async function restoreOptimizer(optimizer: tf.Optimizer, weights: NamedTensor[] | undefined): Promise<void> {
  if (!weights || weights.length <= 1) return; // never stepped: a fresh optimiser is the same
  await optimizer.setWeights(weights);
}
