/**
 * The two registered configurations of Inception-v4. `inception-v4` is the
 * stethoscope paper's main network (Section 4: ShapeStacks' Inception-v4,
 * 224 x 224 input, one stability logit, no batch norm). `inception-v4-small`
 * keeps its topology and end-point names, scaled down (112 x 112 input, a
 * quarter of the width, [2, 2, 1] blocks) so a tower reproduction finishes
 * its quick profile in minutes on a 2-core CPU.
 */

import { createInceptionV4, inceptionV4EndPoints } from './inception-v4';
import type { InceptionV4Config } from './inception-v4-config';
import { resolveInceptionV4Config } from './inception-v4-config';
import { defineModel } from './model-definition';

/** Configuration of each Inception-v4 preset. */
export const INCEPTION_V4_PRESETS = Object.freeze({
  /** The paper's network: 224 x 224, full width, [4, 7, 3] blocks, 1 logit, no batch norm, keep 0.8. */
  'inception-v4': Object.freeze({
    inputSize: 224,
    widthMultiplier: 1,
    blocksPerStage: [4, 7, 3],
    outputs: 1,
    batchNorm: false,
    dropoutKeepProb: 0.8,
  } satisfies InceptionV4Config),
  /** CPU-sized: 112 x 112, width 0.25, [2, 2, 1] blocks (Mixed_7a is 2 x 2 x 384); otherwise as the paper's. */
  'inception-v4-small': Object.freeze({
    inputSize: 112,
    widthMultiplier: 0.25,
    blocksPerStage: [2, 2, 1],
    outputs: 1,
    batchNorm: false,
    dropoutKeepProb: 0.8,
  } satisfies InceptionV4Config),
});

const tapNames = (config: InceptionV4Config) =>
  inceptionV4EndPoints(resolveInceptionV4Config(config).blocksPerStage);

/** Registry entry of the paper's Inception-v4. */
export const inceptionV4Model = defineModel({
  name: 'inception-v4',
  description:
    'Inception-v4 (Szegedy et al. 2017) as trained on ShapeStacks: 224x224 input, full width, 1 logit, no batch norm; TF-slim end points Conv2d_1a_3x3..Mixed_7d, PreLogits, Logits',
  defaults: INCEPTION_V4_PRESETS['inception-v4'] as InceptionV4Config,
  build: createInceptionV4,
  tapNames,
});

/** Registry entry of the CPU-sized Inception-v4. */
export const inceptionV4SmallModel = defineModel({
  name: 'inception-v4-small',
  description:
    'Inception-v4 topology and end-point names at CPU size: 112x112 input, width 0.25, [2, 2, 1] blocks per stage, 1 logit, no batch norm',
  defaults: INCEPTION_V4_PRESETS['inception-v4-small'] as InceptionV4Config,
  build: createInceptionV4,
  tapNames,
});
