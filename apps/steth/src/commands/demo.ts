/**
 * `steth demo`: the smallest real run of the stack. Builds a named MLP from
 * @steth/models, trains it on seeded synthetic data from @steth/datasets on
 * the backend @steth/core picked, and reports held-out accuracy.
 */
import { loadBackend } from '@steth/core/node';
import { createRng } from '@steth/datasets';
import { createMlp } from '@steth/models';
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';

export interface DemoResult {
  backend: string;
  steps: number;
  finalLoss: number;
  testAccuracy: number;
  msPerStep: number;
}

/** Points in the square [-1, 1]^2, labelled 1 inside the circle of radius 0.7. */
function circleData(count: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const x = new Float32Array(count * 2);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = a * a + b * b < 0.49 ? 1 : 0;
  }
  return { x, y };
}

export async function runDemo(options: { steps: number; seed: number }): Promise<DemoResult> {
  const report = await loadBackend();
  const train = circleData(512, options.seed);
  const test = circleData(512, options.seed + 1);
  const model = createMlp({ inputSize: 2, hiddenSizes: [32, 32], outputs: 2, seed: options.seed });
  const optimizer = tf.train.adam(0.02);
  const xs = tf.tensor2d(train.x, [512, 2]);
  const ys = tf.oneHot(tf.tensor1d(train.y, 'int32'), 2);
  let finalLoss = Number.NaN;
  const start = performance.now();
  for (let step = 0; step < options.steps; step++) {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar,
      true,
      model.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    if (step === options.steps - 1) finalLoss = loss!.dataSync()[0]!;
    loss?.dispose();
  }
  const msPerStep = (performance.now() - start) / options.steps;
  const testAccuracy = tf.tidy(() => {
    const predicted = (model.predict(tf.tensor2d(test.x, [512, 2])) as tf.Tensor).argMax(1);
    return predicted.equal(tf.tensor1d(test.y, 'int32')).mean().dataSync()[0]!;
  });
  tf.dispose([xs, ys]);
  model.dispose();
  optimizer.dispose();
  return { backend: report.choice, steps: options.steps, finalLoss, testAccuracy, msPerStep };
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Train a small MLP on seeded synthetic data: proves the packages and the backend work together',
    )
    .option('--steps <n>', 'training steps', (v) => Number.parseInt(v, 10), 300)
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 0)
    .option('--json', 'print the result as JSON')
    .action(async (options: { steps: number; seed: number; json?: boolean }) => {
      if (!Number.isInteger(options.steps) || options.steps <= 0) {
        throw new RangeError(`--steps must be a positive integer, got ${options.steps}`);
      }
      const result = await runDemo(options);
      process.stdout.write(
        options.json
          ? `${JSON.stringify(result)}\n`
          : `demo: ${result.steps} steps on ${result.backend} (${result.msPerStep.toFixed(1)} ms/step), ` +
              `final loss ${result.finalLoss.toFixed(4)}, held-out accuracy ${(result.testAccuracy * 100).toFixed(1)}%\n`,
      );
    });
}
