/** The README's example, run as written with a toy `nextBatch` (fewer steps). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { useCpuBackend } from '../test/fixtures';
import { createStethoscope, createStethoscopeTrainer, dannLambda, type MetricsRecord } from './index';
import { loadBackend, saveCheckpoint } from './node';

beforeAll(useCpuBackend);

const STEPS = 30;

function nextBatch() {
  return tf.tidy(() => {
    const x = tf.randomNormal([16, 16]);
    const y = tf.cast(tf.greater(x.slice([0, 0], [16, 1]).reshape([16]), 0), 'float32');
    const n = tf.cast(tf.greater(x.slice([0, 1], [16, 1]).reshape([16]), 0), 'float32');
    const c = tf.randomUniform([16], 0, 4, 'int32');
    return { x, y, n, c };
  });
}

it('the README example runs', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'steth-readme-'));
  // The README calls loadBackend() (the fastest available); the test forces cpu to stay deterministic.
  const report = await loadBackend({ backend: 'cpu', env: {} });
  expect(report.backendName).toBe('cpu');
  const records: MetricsRecord[] = [];
  const input = tf.input({ shape: [16] });
  const encoder = tf.layers
    .dense({ units: 32, activation: 'relu', name: 'encoder' })
    .apply(input) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: 1, name: 'logits' }).apply(encoder) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits });

  const nuisance = createStethoscope(model, {
    name: 'nuisance',
    tap: 'encoder',
    task: 'binary',
    lambda: dannLambda({ scale: -1, totalSteps: STEPS }),
  });
  const colour = createStethoscope(model, { name: 'colour', tap: 'encoder', task: 'n-way', classes: 4 });
  const trainer = createStethoscopeTrainer({
    model,
    mainTask: 'binary',
    stethoscopes: [nuisance, colour],
    onMetrics: (r) => records.push(JSON.parse(JSON.stringify(r))),
  });

  for (let step = 0; step < STEPS; step++) {
    const { x, y, n, c } = nextBatch();
    trainer.step({ x, y, s: { nuisance: n, colour: c } });
    tf.dispose([x, y, n, c]);
  }
  const { x, y, n, c } = nextBatch();
  const result = trainer.evaluate([{ x, y, s: { nuisance: n, colour: c } }], 'test');
  await saveCheckpoint(trainer, join(dir, 'run.ckpt'));
  await rm(dir, { recursive: true, force: true });

  expect(records.length).toBe(STEPS + 1);
  expect(result.stethoscopes.colour!.count).toBe(16);
  expect(records[STEPS - 1]).toMatchObject({
    type: 'step',
    stethoscopes: { nuisance: { mode: 'adversarial' } },
  });
});
