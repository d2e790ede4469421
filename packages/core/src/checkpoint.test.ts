import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMlp, snapshotWeights, useCpuBackend } from '../test/fixtures';
import { restoreCheckpoint, serializeCheckpoint } from './checkpoint';
import {
  loadCheckpoint,
  loadModelFromWeightsFile,
  loadModelWeights,
  saveCheckpoint,
  saveModelWeights,
} from './checkpoint-file';
import { CheckpointError } from './errors';
import { dannLambda } from './lambda-schedule';
import { deserializeModel, restoreModelWeights, serializeModelWeights } from './model-weights';
import { createStethoscope } from './stethoscope';
import { createStethoscopeTrainer } from './stethoscope-trainer';
import { expectNoLeakedTensors, expectTensorsClose } from './testing';

let dir: string;
beforeAll(async () => {
  await useCpuBackend();
  dir = await mkdtemp(join(tmpdir(), 'steth-ckpt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TOTAL_STEPS = 10;
const SAVE_AT = 5;

function build(seed: number) {
  const model = createMlp({ inputs: 5, seed });
  const stethoscopes = [
    createStethoscope(model, {
      name: 'adv',
      tap: 'enc1',
      task: 'n-way',
      classes: 3,
      lambda: dannLambda({ scale: -1, totalSteps: TOTAL_STEPS }),
      seed,
    }),
    createStethoscope(model, {
      name: 'aux',
      tap: 'enc2',
      task: 'binary',
      lambda: 0.5,
      connection: 'sparse',
      nonZeros: 24,
      hidden: 4,
      seed: seed + 1,
    }),
  ];
  const trainer = createStethoscopeTrainer({
    model,
    mainTask: 'binary',
    stethoscopes,
    stethoscopeSteps: 2,
    seed,
  });
  return { model, stethoscopes, trainer };
}

function batchAt(i: number) {
  return tf.tidy(() => {
    const x = tf.randomNormal([12, 5], 0, 1, 'float32', 500 + i);
    return {
      x,
      y: tf.cast(tf.greater(x.slice([0, 0], [12, 1]).reshape([12]), 0), 'float32'),
      s: {
        adv: tf.tensor1d(Array.from({ length: 12 }, (_, k) => (k + i) % 3)),
        aux: tf.cast(tf.greater(x.slice([0, 2], [12, 1]).reshape([12]), 0), 'float32'),
      },
    };
  });
}

function losses(trainer: ReturnType<typeof build>['trainer'], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    const batch = batchAt(i);
    const r = trainer.step(batch);
    out.push(r.mainLoss!, r.stethoscopes.adv!.loss, r.stethoscopes.aux!.loss);
    tf.dispose([batch.x, batch.y, ...Object.values(batch.s)]);
  }
  return out;
}

describe('trainer checkpoints', () => {
  it('resuming from a checkpoint gives the same losses as an uninterrupted run', async () => {
    const path = join(dir, 'run.ckpt');
    const a = build(1);
    losses(a.trainer, 0, SAVE_AT);
    const info = await expectNoLeakedTensors(() =>
      saveCheckpoint(a.trainer, path, { metadata: { note: 'half' } }),
    );
    expect(info.step).toBe(SAVE_AT);
    const uninterrupted = losses(a.trainer, SAVE_AT, TOTAL_STEPS);

    // A fresh process would build the same architecture with different initial weights.
    const b = build(2);
    const loaded = await loadCheckpoint(b.trainer, path);
    expect(loaded.step).toBe(SAVE_AT);
    expect(loaded.metadata).toEqual({ note: 'half' });
    expect(b.trainer.stepCount).toBe(SAVE_AT);
    const resumed = losses(b.trainer, SAVE_AT, TOTAL_STEPS);
    expect(resumed).toEqual(uninterrupted);
    expect(snapshotWeights(b.model)).toEqual(snapshotWeights(a.model));
  });

  it('a half-written or corrupted checkpoint is detected with a clear error', async () => {
    const path = join(dir, 'good.ckpt');
    const a = build(3);
    losses(a.trainer, 0, 2);
    await saveCheckpoint(a.trainer, path);
    const bytes = await readFile(path);

    const half = join(dir, 'half.ckpt');
    await writeFile(half, bytes.subarray(0, Math.floor(bytes.byteLength * 0.8)));
    await expect(loadCheckpoint(build(4).trainer, half)).rejects.toThrow(
      /is truncated \(payload has \d+ of \d+ bytes\)/,
    );

    const flipped = Buffer.from(bytes);
    flipped[flipped.byteLength - 10]! ^= 0xff;
    const corrupt = join(dir, 'corrupt.ckpt');
    await writeFile(corrupt, flipped);
    await expect(loadCheckpoint(build(4).trainer, corrupt)).rejects.toThrow(CheckpointError);
    await expect(loadCheckpoint(build(4).trainer, corrupt)).rejects.toThrow(
      /corrupted \(payload checksum mismatch\)/,
    );

    const garbage = join(dir, 'garbage.ckpt');
    await writeFile(garbage, 'hello');
    await expect(loadCheckpoint(build(4).trainer, garbage)).rejects.toThrow(/not a Steth checkpoint/);
  });

  it('a save that fails before completion keeps the previous checkpoint and leaves no temporary file', async () => {
    const path = join(dir, 'keep.ckpt');
    const a = build(5);
    losses(a.trainer, 0, 1);
    await saveCheckpoint(a.trainer, path);
    const before = await readFile(path);
    losses(a.trainer, 1, 3);
    await expect(
      saveCheckpoint(a.trainer, path, {
        beforeCommit: () => {
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow(/simulated crash.*previous file at that path .* is unchanged/);
    expect(await readFile(path)).toEqual(before);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const b = build(6);
    expect((await loadCheckpoint(b.trainer, path)).step).toBe(1);
  });

  it('a trainer of another configuration is refused, naming what differs', async () => {
    const path = join(dir, 'config.ckpt');
    const a = build(7);
    await saveCheckpoint(a.trainer, path);
    const model = createMlp({ inputs: 5, hidden: [8, 7] });
    const other = createStethoscopeTrainer({
      model,
      mainTask: 'binary',
      stethoscopes: [
        createStethoscope(model, { name: 'adv', tap: 'enc1', task: 'n-way', classes: 3 }),
        createStethoscope(model, {
          name: 'aux',
          tap: 'enc2',
          task: 'binary',
          connection: 'sparse',
          nonZeros: 24,
          hidden: 4,
        }),
      ],
    });
    await expect(loadCheckpoint(other, path)).rejects.toThrow(
      /Stethoscope "aux" does not match .*inputSize is 7 here but 6/,
    );
  });
});

describe('checkpoints as bytes (the browser-safe main entry)', () => {
  it('a checkpoint restored from bytes resumes exactly, and its bytes equal the file', async () => {
    const a = build(8);
    losses(a.trainer, 0, SAVE_AT);
    const { bytes, info } = await expectNoLeakedTensors(() =>
      serializeCheckpoint(a.trainer, { metadata: { where: 'memory' } }),
    );
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(info.step).toBe(SAVE_AT);
    const uninterrupted = losses(a.trainer, SAVE_AT, TOTAL_STEPS);

    const b = build(9);
    const restored = await restoreCheckpoint(b.trainer, bytes);
    expect(restored).toEqual({ step: SAVE_AT, savedAt: info.savedAt, metadata: { where: 'memory' } });
    expect(losses(b.trainer, SAVE_AT, TOTAL_STEPS)).toEqual(uninterrupted);

    // The file written by the node entry holds the same container (same magic, kind and payload).
    const path = join(dir, 'bytes.ckpt');
    const c = build(8);
    await saveCheckpoint(c.trainer, path);
    const file = new Uint8Array(await readFile(path));
    expect(new TextDecoder().decode(file.subarray(0, 8))).toBe('STETHCK1');
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('STETHCK1');
  });

  it('damaged bytes are refused with a CheckpointError naming the source', async () => {
    const a = build(10);
    const { bytes } = await serializeCheckpoint(a.trainer);
    await expect(
      restoreCheckpoint(build(11).trainer, bytes.subarray(0, bytes.byteLength - 3)),
    ).rejects.toThrow(/Checkpoint bytes is truncated \(payload has \d+ of \d+ bytes\)/);
    const flipped = bytes.slice();
    flipped[flipped.byteLength - 1]! ^= 0x01;
    await expect(restoreCheckpoint(build(11).trainer, flipped, { source: 'upload.ckpt' })).rejects.toThrow(
      /Checkpoint upload.ckpt is corrupted \(payload checksum mismatch\)/,
    );
    const weights = await serializeModelWeights(createMlp({ inputs: 5 }));
    await expect(restoreCheckpoint(build(11).trainer, weights)).rejects.toThrow(
      /bytes holds a "steth-model-weights", not a "steth-trainer-checkpoint"/,
    );
  });

  it('model weights round-trip through bytes, also into a whole rebuilt model', async () => {
    const source = createMlp({ inputs: 4, seed: 21 });
    const bytes = await serializeModelWeights(source, { metadata: { epoch: 1 } });
    const target = createMlp({ inputs: 4, seed: 22 });
    expect(await restoreModelWeights(target, bytes)).toEqual({ epoch: 1 });
    expect(snapshotWeights(target)).toEqual(snapshotWeights(source));
    const rebuilt = await deserializeModel(bytes);
    expect(snapshotWeights(rebuilt)).toEqual(snapshotWeights(source));
  });
});

describe('model weight files', () => {
  it('round-trip through the custom IO handler, also into a whole rebuilt model', async () => {
    const path = join(dir, 'model.weights');
    const source = createMlp({ inputs: 4, seed: 11 });
    await saveModelWeights(source, path, { metadata: { epoch: 3 } });
    const target = createMlp({ inputs: 4, seed: 12 });
    expect(snapshotWeights(target)).not.toEqual(snapshotWeights(source));
    expect(await expectNoLeakedTensors(() => loadModelWeights(target, path))).toEqual({ epoch: 3 });
    expect(snapshotWeights(target)).toEqual(snapshotWeights(source));
    const rebuilt = await loadModelFromWeightsFile(path);
    const x = tf.tensor2d([[0.3, -1, 2, 0.5]]);
    expectTensorsClose(rebuilt.predict(x) as tf.Tensor, source.predict(x) as tf.Tensor, { atol: 1e-6 });
  });

  it('loading into a model of another configuration names the first weight that does not fit', async () => {
    const path = join(dir, 'model2.weights');
    await saveModelWeights(createMlp({ inputs: 4, hidden: [8, 6] }), path);
    await expect(loadModelWeights(createMlp({ inputs: 4, hidden: [8, 5] }), path)).rejects.toThrow(
      /weight 2 "enc2\/kernel" has shape \[8, 5\] but the stored weight "enc2\/kernel" has shape \[8, 6\]/,
    );
    const input = tf.input({ shape: [4] });
    const out = tf.layers.dense({ units: 8, name: 'enc1' }).apply(input) as tf.SymbolicTensor;
    await expect(loadModelWeights(tf.model({ inputs: input, outputs: out }), path)).rejects.toThrow(
      /stores 6 weights, the model has 2; the stored weight 2 "enc2\/kernel" has no place in the model/,
    );
  });
});
