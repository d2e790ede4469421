/**
 * Features of a frozen main network (paper Section 3's analytic setting and
 * Appendix A): the activations at several end points for every tower of a
 * list, from one inference-mode forward pass per batch, kept with the
 * towers' three labels (global stability, local stability, origin of global
 * instability) and categories. Probes and recovering stethoscopes then
 * train on these cached features without touching theta.
 */
import { extractTapFeatures } from '@steth/core';
import { type ImageCache, type TowerCategory, type TowerExample, towerBatches } from '@steth/datasets';
import * as tf from '@tensorflow/tfjs';
import type { TowerTask } from './settings';

/** Cached activations at each requested tap, and the labels of the same towers in the same order. */
export interface FrozenFeatures {
  /** One `[towers, width]` tensor per tap (flattened), in the order asked for. */
  features: tf.Tensor2D[];
  /** Labels per task: 0/1 for global and local, 0 (stable) .. 5 for origin. */
  labels: Record<TowerTask, Int32Array>;
  categories: TowerCategory[];
  dispose(): void;
}

/** How images are fed to the network. */
export interface FeedOptions {
  imageSize: number;
  batchSize: number;
  scale: 'raw' | 'centered';
  /** Decoded images kept between passes (every pass decodes inline). */
  imageCache?: ImageCache;
}

/** Runs `model` in inference mode over `examples` (in order) and keeps the activations at `taps`. */
export async function computeFrozenFeatures(
  model: tf.LayersModel,
  taps: readonly tf.SymbolicTensor[],
  examples: readonly TowerExample[],
  feed: FeedOptions,
): Promise<FrozenFeatures> {
  const labels = {
    global: new Int32Array(examples.length),
    local: new Int32Array(examples.length),
    origin: new Int32Array(examples.length),
  };
  const categories: TowerCategory[] = [];
  let at = 0;
  async function* images() {
    for await (const batch of towerBatches(examples, { ...feed, shuffle: false, workers: 0 })) {
      batch.examples.forEach((e, i) => {
        if (!e.category || e.localLabel === undefined || e.originLabel === undefined) {
          throw new Error(
            `${e.imagePath} has no local label, origin or category: the dataset needs a manifest.jsonl.`,
          );
        }
        labels.global[at + i] = e.globalLabel;
        labels.local[at + i] = e.localLabel;
        labels.origin[at + i] = e.originLabel;
        categories.push(e.category);
      });
      at += batch.size;
      const x = tf.tensor4d(batch.images, [batch.size, feed.imageSize, feed.imageSize, 3]);
      try {
        yield x;
      } finally {
        x.dispose();
      }
    }
  }
  const features = (await extractTapFeatures(model, taps, images(), {
    flatten: true,
    examples: examples.length,
  })) as tf.Tensor2D[];
  return { features, labels, categories, dispose: () => tf.dispose(features) };
}
