import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelWeights, saveModelWeights } from '@steth/core/node';
import { expectNoLeakedTensors } from '@steth/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './model-registry';

/** A tiny Inception-v4 with batch norm, so moving statistics and the frozen scale are saved too. */
const TINY = { inputSize: 75, widthMultiplier: 0.25, blocksPerStage: [1, 1, 1] as const, batchNorm: true };

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'steth-models-weights-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saving and loading registry models with @steth/core checkpoint IO', () => {
  it('restores every weight of inception-v4 into a model built with another seed', async () => {
    const a = createModel('inception-v4', { ...TINY, seed: 1 }).model;
    const b = createModel('inception-v4', { ...TINY, seed: 2 }).model;
    try {
      const path = join(dir, 'tiny.weights');
      await saveModelWeights(a, path);
      const kernel = (m: tf.LayersModel) =>
        m.getLayer('Mixed_7a/Branch_1/Conv2d_1a_3x3/conv').getWeights()[0]!;
      expect(Array.from(kernel(b).dataSync())).not.toEqual(Array.from(kernel(a).dataSync()));
      await expectNoLeakedTensors(() => loadModelWeights(b, path));
      const wa = a.getWeights();
      const wb = b.getWeights();
      expect(wb).toHaveLength(wa.length);
      for (const [i, w] of wa.entries())
        expect(Array.from(wb[i]!.dataSync())).toEqual(Array.from(w.dataSync()));
      // Same outputs on the same batch.
      tf.tidy(() => {
        const x = tf.randomNormal([1, 75, 75, 3], 0, 1, 'float32', 3);
        const diff = tf.max(tf.abs(tf.sub(a.predict(x) as tf.Tensor, b.predict(x) as tf.Tensor)));
        expect(diff.dataSync()[0]).toBe(0);
      });
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('refuses weights of another configuration, naming the first weight that does not fit', async () => {
    const saved = createModel('inception-v4', TINY).model;
    const wider = createModel('inception-v4', { ...TINY, widthMultiplier: 0.5 }).model;
    const deeper = createModel('inception-v4', { ...TINY, blocksPerStage: [1, 2, 1] }).model;
    try {
      const path = join(dir, 'mismatch.weights');
      await saveModelWeights(saved, path);
      await expect(loadModelWeights(wider, path)).rejects.toThrow(
        /does not fit model "InceptionV4": weight 0 "Conv2d_1a_3x3\/conv\/kernel" has shape \[3, 3, 3, 16\] but the stored weight "Conv2d_1a_3x3\/conv\/kernel\S*" has shape \[3, 3, 3, 8\]/,
      );
      await expect(loadModelWeights(deeper, path)).rejects.toThrow(/does not fit model "InceptionV4"/);
    } finally {
      for (const m of [saved, wider, deeper]) m.dispose();
    }
  });
});
