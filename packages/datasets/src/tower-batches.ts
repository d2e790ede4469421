/**
 * Streams batches of tower images and labels for training and evaluation:
 * bounded memory (at most `prefetch` batches decoded ahead), decoding on
 * worker threads so it overlaps training, deterministic for a seed whatever
 * the number of workers. Images come out NHWC in one Float32Array per batch,
 * ready for `tf.tensor4d(batch.images, [batch.size, s, s, 3])`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import workerpool from 'workerpool';
import { DatasetError } from './dataset-error';
import type { ImageCache } from './image-cache';
import { type DecodeTask, decodeAndPreprocess } from './image-decode-task';
import type { PixelScale, TowerAugmentation } from './image-transforms';
import { createRng, shuffleInPlace } from './random';
import type { TowerExample } from './shapestacks-reader';
import type { TowerCategory } from './tower-category';

/** Configures {@link towerBatches}. */
export interface TowerBatchOptions {
  /** Examples per batch. */
  batchSize: number;
  /** Side of the square images fed to the model, e.g. 224. */
  imageSize: number;
  /** Pixel scaling; default `raw` (0..255, as ShapeStacks trained). */
  scale?: PixelScale;
  /** Training augmentations; default none. */
  augment?: TowerAugmentation;
  /** Shuffle the examples; default true. */
  shuffle?: boolean;
  /** Seed of the shuffle and the augmentation draws; default 0. */
  seed?: number;
  /** Epoch number, mixed into the seed so each epoch has its own order; default 0. */
  epoch?: number;
  /** Batches decoded ahead of the consumer; default 2. */
  prefetch?: number;
  /** Decoding worker threads; 0 decodes on the calling thread; default 1. */
  workers?: number;
  /**
   * Keeps decoded images between epochs (see {@link createImageCache}). Needs `workers: 0`: worker
   * threads have memory of their own.
   */
  imageCache?: ImageCache;
  /** Drop a last, smaller batch; default false. */
  dropRemainder?: boolean;
}

/** A batch of images with every label the examples carry. */
export interface TowerBatch {
  size: number;
  images: Float32Array;
  globalLabels: Int32Array;
  /** Present when every example has a local label (a manifest was read). */
  localLabels?: Int32Array;
  originLabels?: Int32Array;
  categories?: TowerCategory[];
  examples: TowerExample[];
}

function workerScript(): string {
  // Bundled, this module lives in dist/index.(c)js beside the worker; run from
  // sources (tests), the worker is taken from the package's build output.
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'image-decode-worker.js'),
    join(here, '..', 'dist', 'image-decode-worker.js'),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new DatasetError(
      `the image decoding worker (image-decode-worker.js) is not built in ${here}; build the package, or pass workers: 0`,
    );
  }
  return found;
}

function checkOptions(examples: readonly TowerExample[], o: TowerBatchOptions): void {
  if (examples.length === 0) throw new DatasetError('towerBatches: no examples to batch');
  for (const [key, value, min] of [
    ['batchSize', o.batchSize, 1],
    ['imageSize', o.imageSize, 1],
    ['prefetch', o.prefetch ?? 2, 1],
    ['workers', o.workers ?? 1, 0],
  ] as const) {
    if (!Number.isInteger(value) || value < min) {
      throw new DatasetError(`towerBatches: ${key} must be an integer >= ${min}, got ${value}`);
    }
  }
  if (o.imageCache && (o.workers ?? 1) > 0) {
    throw new DatasetError(
      `towerBatches: imageCache needs workers: 0 (worker threads cannot share it), got workers: ${o.workers ?? 1}`,
    );
  }
}

/** Yields one epoch of batches. Errors (a missing or corrupt image) name the file and end the stream. */
export async function* towerBatches(
  examples: readonly TowerExample[],
  options: TowerBatchOptions,
): AsyncGenerator<TowerBatch> {
  checkOptions(examples, options);
  const { batchSize, imageSize } = options;
  const seed = ((options.seed ?? 0) * 1000003 + (options.epoch ?? 0)) >>> 0;
  const order = examples.map((_, i) => i);
  if (options.shuffle ?? true) shuffleInPlace(order, createRng(seed));
  const batchCount =
    (options.dropRemainder ?? false)
      ? Math.floor(order.length / batchSize)
      : Math.ceil(order.length / batchSize);
  const workers = options.workers ?? 1;
  const pool =
    workers > 0
      ? workerpool.pool(workerScript(), {
          workerType: 'thread',
          maxWorkers: workers,
          // Workers inherit the parent's flags; --input-type (node -e scripts) is invalid for a file,
          // and the @steth/source condition (tests) would point the built worker's @steth/errors import
          // at TypeScript sources, which a plain worker thread cannot load.
          workerThreadOpts: {
            execArgv: process.execArgv.filter(
              (a, i, all) =>
                !a.startsWith('--input-type') &&
                !/^(--conditions|-C)=@steth\/source$/.test(a) &&
                !(a === '@steth/source' && /^(--conditions|-C)$/.test(all[i - 1] ?? '')) &&
                !(/^(--conditions|-C)$/.test(a) && all[i + 1] === '@steth/source'),
            ),
          },
        })
      : undefined;
  const pixels = imageSize * imageSize * 3;

  const decodeOne = (task: DecodeTask): Promise<Float32Array> =>
    pool
      ? (pool.exec('decode', [task]) as Promise<Float32Array>)
      : Promise.resolve(decodeAndPreprocess(task, options.imageCache));

  const makeBatch = async (b: number): Promise<TowerBatch> => {
    const indices = order.slice(b * batchSize, (b + 1) * batchSize);
    const batchExamples = indices.map((i) => examples[i]!);
    const images = new Float32Array(indices.length * pixels);
    await Promise.all(
      indices.map(async (exampleIndex, k) => {
        const data = await decodeOne({
          file: examples[exampleIndex]!.imagePath,
          size: imageSize,
          scale: options.scale ?? 'raw',
          augment: options.augment,
          seed: (seed ^ Math.imul(exampleIndex + 1, 0x9e3779b1)) >>> 0,
        });
        images.set(data, k * pixels);
      }),
    );
    const batch: TowerBatch = {
      size: indices.length,
      images,
      globalLabels: Int32Array.from(batchExamples, (e) => e.globalLabel),
      examples: batchExamples,
    };
    if (batchExamples.every((e) => e.localLabel !== undefined)) {
      batch.localLabels = Int32Array.from(batchExamples, (e) => e.localLabel!);
      batch.originLabels = Int32Array.from(batchExamples, (e) => e.originLabel!);
      batch.categories = batchExamples.map((e) => e.category!);
    }
    return batch;
  };

  const pending: Promise<TowerBatch>[] = [];
  let next = 0;
  const fill = () => {
    while (next < batchCount && pending.length < (options.prefetch ?? 2)) {
      const p = makeBatch(next++);
      p.catch(() => {}); // surfaced when awaited below
      pending.push(p);
    }
  };
  try {
    fill();
    while (pending.length > 0) {
      const batch = await pending.shift()!;
      fill();
      yield batch;
    }
  } catch (cause) {
    if (cause instanceof DatasetError) throw cause;
    const message = (cause as Error)?.message ?? String(cause);
    throw new DatasetError(message, { cause });
  } finally {
    await pool?.terminate(true);
  }
}
