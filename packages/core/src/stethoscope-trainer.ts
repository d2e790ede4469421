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
 *
 * Its public types live in trainer-types.ts; the tapped
 * model and the wrong-model check in trainer-tapped-model.ts.
 */
import * as tf from '@tensorflow/tfjs';

import { InvalidArgumentError } from './errors';
import { gradientCosineAtTap } from './gradient-cosine';
import { gradientReversal } from './gradient-reversal';
import { modeOf } from './lambda-schedule';
import {
  type LearningRateSpec,
  resolveLearningRate,
  setOptimizerLearningRate,
} from './learning-rate-schedule';
import { createMetricsHub, type EvalRecord, type StepRecord, type StethoscopeStepMetrics } from './metrics';
import { createSeededRandom } from './random';
import type { Stethoscope } from './stethoscope';
import {
  flippedTaskLoss,
  type TaskKind,
  type TaskSpec,
  taskAccuracy,
  taskLoss,
  validateLabels,
} from './stethoscope-losses';
import { stopGradient } from './stop-gradient';
import { createEvaluationAccumulator, type EvaluateOptions, isAsyncIterable } from './trainer-evaluation';
import { restoreOptimizer, snapshotTrainerState, writeTrainerWeights } from './trainer-state';
import { buildTappedModel } from './trainer-tapped-model';
import type {
  MainLossFunction,
  OptimizerFactory,
  StethoscopeBatch,
  StethoscopePrediction,
  StethoscopeTrainer,
  StethoscopeTrainerConfig,
} from './trainer-types';

/** Default learning rate of the default RMSProp optimisers. */
export const DEFAULT_LEARNING_RATE = 1e-3;

const defaultOptimizer: OptimizerFactory = () => tf.train.rmsprop(DEFAULT_LEARNING_RATE);

const MAIN_TASK_KINDS: readonly unknown[] = ['binary', 'n-way', 'regression'] satisfies TaskKind[];

/** Creates a trainer; see the module comment for the update rule. */
export function createStethoscopeTrainer(config: StethoscopeTrainerConfig): StethoscopeTrainer {
  const { model, mainTask, stethoscopes = [], stethoscopeSteps = 1, gradientCosine = false } = config;
  let frozen = config.freezeMain ?? false;
  if (typeof mainTask !== 'function' && !MAIN_TASK_KINDS.includes(mainTask)) {
    throw new InvalidArgumentError(
      `createStethoscopeTrainer: mainTask must be 'binary', 'n-way', 'regression' or a loss function (y, yPred) => loss, got ${JSON.stringify(mainTask) ?? String(mainTask)}.`,
    );
  }
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
  const tapped = buildTappedModel(model, stethoscopes);
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

  let epoch = 0;
  const thetaOptimizerFactory = config.optimizer ?? defaultOptimizer;
  const psiOptimizerFactory = (s: Stethoscope) =>
    s.optimizer ?? config.stethoscopeOptimizer ?? defaultOptimizer;
  /** Applies a learning-rate schedule, if one is configured, at the current epoch. */
  const applyRate = (optimizer: tf.Optimizer, spec: LearningRateSpec | undefined, owner: string) => {
    if (spec !== undefined) setOptimizerLearningRate(optimizer, resolveLearningRate(spec, epoch, owner));
    return optimizer;
  };
  const makeThetaOptimizer = () => applyRate(thetaOptimizerFactory(), config.learningRate, 'theta');
  const makePsiOptimizer = (s: Stethoscope) =>
    applyRate(psiOptimizerFactory(s)(), config.stethoscopeLearningRate, `stethoscope "${s.name}"`);
  let thetaOptimizer = makeThetaOptimizer();
  const psiOptimizers = new Map(stethoscopes.map((s) => [s.name, makePsiOptimizer(s)]));
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

  const evaluationContext = { tapped, stethoscopes, tapIndex, mainSpec, mainLoss, checkBatch };

  function evaluateBatches(batches: readonly StethoscopeBatch[], options: EvaluateOptions): EvalRecord {
    const accumulator = createEvaluationAccumulator(evaluationContext, options);
    for (const batch of batches) accumulator.add(batch);
    const record = accumulator.finish(stepCount, options.split);
    hub.emit(record);
    return record;
  }

  async function evaluateStream(
    batches: AsyncIterable<StethoscopeBatch>,
    options: EvaluateOptions,
  ): Promise<EvalRecord> {
    const accumulator = createEvaluationAccumulator(evaluationContext, options);
    for await (const batch of batches) accumulator.add(batch);
    const record = accumulator.finish(stepCount, options.split);
    hub.emit(record);
    return record;
  }

  function evaluate(
    input: StethoscopeBatch | readonly StethoscopeBatch[] | AsyncIterable<StethoscopeBatch>,
    splitOrOptions?: string | EvaluateOptions,
  ): EvalRecord | Promise<EvalRecord> {
    const options = typeof splitOrOptions === 'string' ? { split: splitOrOptions } : (splitOrOptions ?? {});
    if (isAsyncIterable<StethoscopeBatch>(input)) return evaluateStream(input, options);
    return evaluateBatches(Array.isArray(input) ? input : [input as StethoscopeBatch], options);
  }

  function predict(x: tf.Tensor | tf.Tensor[]): StethoscopePrediction {
    batchSizeOf(x);
    const [output, ...heads] = tf.tidy(() => {
      const { taps, output } = tapped.run(x, false);
      return [output, ...stethoscopes.map((s, i) => s.head.apply(taps[tapIndex[i]!]!))];
    });
    const result: StethoscopePrediction = { output: output!, stethoscopes: {} };
    stethoscopes.forEach((s, i) => {
      result.stethoscopes[s.name] = heads[i]!;
    });
    return result;
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
    evaluate: evaluate as StethoscopeTrainer['evaluate'],
    predict,
    get epoch() {
      return epoch;
    },
    setEpoch(value) {
      if (!Number.isInteger(value) || value < 0) {
        throw new InvalidArgumentError(`setEpoch needs a non-negative integer epoch, got ${value}.`);
      }
      epoch = value;
      applyRate(thetaOptimizer, config.learningRate, 'theta');
      for (const s of stethoscopes) {
        applyRate(psiOptimizers.get(s.name)!, config.stethoscopeLearningRate, `stethoscope "${s.name}"`);
      }
    },
    get,
    resetStethoscope(name) {
      const s = get(name);
      s.head.reinitialize(random.nextInt(0x100000000));
      psiOptimizers.get(name)!.dispose();
      psiOptimizers.set(name, makePsiOptimizer(s));
    },
    setFrozen(value) {
      frozen = value;
    },
    onMetrics: (listener) => hub.add(listener),
    async getState() {
      return snapshotTrainerState({
        model,
        stethoscopes,
        step: stepCount,
        randomState: random.getState(),
        optimizers: [['theta', thetaOptimizer], ...psiOptimizers],
      });
    },
    async setState(state) {
      writeTrainerWeights(model, stethoscopes, state);
      thetaOptimizer.dispose();
      thetaOptimizer = makeThetaOptimizer();
      await restoreOptimizer(thetaOptimizer, state.optimizerWeights.theta);
      for (const s of stethoscopes) {
        psiOptimizers.get(s.name)!.dispose();
        const opt = makePsiOptimizer(s);
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
