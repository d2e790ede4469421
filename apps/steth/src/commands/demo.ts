/**
 * `steth demo`: runs the example of @steth/core's README (paper Section 3:
 * stethoscopes on a small model) once in each mode that the sign of lambda
 * selects: analytic (lambda 0), auxiliary (lambda 1) and adversarial (a DANN
 * ramp to lambda -1, Eq. 2's flipped labels). Each run trains the README's
 * 16 -> 32 -> 1 model with a binary `nuisance` stethoscope and an analytic
 * 4-way `colour` stethoscope at its `encoder` layer on seeded synthetic data,
 * then evaluates on a held-out batch. It takes seconds and shows the main
 * accuracy and what each stethoscope can read from the encoder.
 */
import {
  createStethoscope,
  createStethoscopeTrainer,
  dannLambda,
  type LambdaSpec,
  type StethoscopeMode,
} from '@steth/core';
import { loadBackend } from '@steth/core/node';
import { createRng } from '@steth/datasets';
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';

/** Examples per training batch, as in the README's `nextBatch`. */
const BATCH_SIZE = 32;
/** Held-out examples in the test batch. */
const TEST_SIZE = 512;
/** Input width of the README's model. */
const INPUTS = 16;

/** One mode's held-out accuracies, each in [0, 1]. */
export interface DemoRow {
  mode: StethoscopeMode;
  /** The nuisance stethoscope's lambda, as text (`0`, `1`, `dann -> -1`). */
  lambda: string;
  /** Main task (is x0 > 0). */
  mainAccuracy: number;
  /** The `nuisance` stethoscope (is x1 > 0): high when the encoder holds it, near 0.5 when suppressed. */
  nuisanceAccuracy: number;
  /** The analytic `colour` stethoscope (quadrant of x2, x3; chance 0.25). */
  colourAccuracy: number;
}

export interface DemoResult {
  backend: string;
  steps: number;
  seed: number;
  seconds: number;
  rows: DemoRow[];
}

interface Batch {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
  n: tf.Tensor1D;
  c: tf.Tensor1D;
}

/**
 * The README's data, seeded: x is standard normal [count, 16]; the main
 * label y is x0 > 0, the nuisance n is x1 > 0, the colour c is the quadrant
 * of (x2, x3) in {0..3}.
 */
function makeBatch(rng: ReturnType<typeof createRng>, count: number): Batch {
  const x = new Float32Array(count * INPUTS);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Float32Array(count);
  const n = new Float32Array(count);
  const c = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const row = i * INPUTS;
    y[i] = x[row]! > 0 ? 1 : 0;
    n[i] = x[row + 1]! > 0 ? 1 : 0;
    c[i] = (x[row + 2]! > 0 ? 1 : 0) + (x[row + 3]! > 0 ? 2 : 0);
  }
  return {
    x: tf.tensor2d(x, [count, INPUTS]),
    y: tf.tensor1d(y),
    n: tf.tensor1d(n),
    c: tf.tensor1d(c, 'int32'),
  };
}

/** The three modes: the nuisance stethoscope's lambda in each. */
function modes(steps: number): { mode: StethoscopeMode; lambda: LambdaSpec; label: string }[] {
  return [
    { mode: 'analytic', lambda: 0, label: '0' },
    { mode: 'auxiliary', lambda: 1, label: '1' },
    { mode: 'adversarial', lambda: dannLambda({ scale: -1, totalSteps: steps }), label: 'dann -> -1' },
  ];
}

/** Trains and evaluates the README example once with the nuisance stethoscope at `lambda`. */
function runMode(lambda: LambdaSpec, steps: number, seed: number): Omit<DemoRow, 'mode' | 'lambda'> {
  // The README's model, with seeded initialisers so the demo is reproducible.
  const input = tf.input({ shape: [INPUTS] });
  const encoder = tf.layers
    .dense({
      units: 32,
      activation: 'relu',
      name: 'encoder',
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
    })
    .apply(input) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ units: 1, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) })
    .apply(encoder) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits });

  const nuisance = createStethoscope(model, {
    name: 'nuisance',
    tap: 'encoder',
    task: 'binary',
    lambda,
    seed,
  });
  const colour = createStethoscope(model, {
    name: 'colour',
    tap: 'encoder',
    task: 'n-way',
    classes: 4,
    seed: seed + 1,
  });
  const trainer = createStethoscopeTrainer({
    model,
    mainTask: 'binary',
    stethoscopes: [nuisance, colour],
    seed,
  });
  const rng = createRng(seed);
  try {
    for (let step = 0; step < steps; step++) {
      const { x, y, n, c } = makeBatch(rng, BATCH_SIZE);
      trainer.step({ x, y, s: { nuisance: n, colour: c } });
      tf.dispose([x, y, n, c]);
    }
    const test = makeBatch(createRng(seed + 1_000_003), TEST_SIZE);
    try {
      const result = trainer.evaluate(
        [{ x: test.x, y: test.y, s: { nuisance: test.n, colour: test.c } }],
        'test',
      );
      return {
        mainAccuracy: result.mainAccuracy ?? Number.NaN,
        nuisanceAccuracy: result.stethoscopes.nuisance?.accuracy ?? Number.NaN,
        colourAccuracy: result.stethoscopes.colour?.accuracy ?? Number.NaN,
      };
    } finally {
      tf.dispose([test.x, test.y, test.n, test.c]);
    }
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

/** Runs the README example in all three modes on the backend `loadBackend()` picks. */
export async function runDemo(options: { steps: number; seed: number }): Promise<DemoResult> {
  const report = await loadBackend();
  const start = performance.now();
  const rows = modes(options.steps).map(({ mode, lambda, label }) => ({
    mode,
    lambda: label,
    ...runMode(lambda, options.steps, options.seed),
  }));
  return {
    backend: report.choice,
    steps: options.steps,
    seed: options.seed,
    seconds: (performance.now() - start) / 1000,
    rows,
  };
}

/** The result as a small table, one line per mode. */
export function formatDemoTable(result: DemoResult): string {
  const header = ['mode', 'lambda', 'main acc', 'nuisance acc', 'colour acc'];
  const cells = result.rows.map((r) => [
    r.mode,
    r.lambda,
    r.mainAccuracy.toFixed(3),
    r.nuisanceAccuracy.toFixed(3),
    r.colourAccuracy.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    `steth demo: the @steth/core README example, ${result.steps} steps a mode on ${result.backend} ` +
      `(${result.seconds.toFixed(1)} s, seed ${result.seed}); accuracies on ${TEST_SIZE} held-out examples`,
    line(header),
    ...cells.map(line),
    '',
  ].join('\n');
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      "Run @steth/core's README example: stethoscopes on a small model in analytic, auxiliary and adversarial mode",
    )
    .option('--steps <n>', 'training steps per mode', (v) => Number.parseInt(v, 10), 300)
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 0)
    .option('--json', 'print the result as JSON')
    .action(async (options: { steps: number; seed: number; json?: boolean }) => {
      if (!Number.isInteger(options.steps) || options.steps <= 0) {
        throw new RangeError(`--steps must be a positive integer, got ${options.steps}`);
      }
      if (!Number.isInteger(options.seed) || options.seed < 0) {
        throw new RangeError(`--seed must be a non-negative integer, got ${options.seed}`);
      }
      const result = await runDemo(options);
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatDemoTable(result));
    });
}
