/**
 * The two profiles of the tower reproduction. `paper`: the paper's settings
 * (4,000 towers, Inception-v4 at 224 px, RMSProp lr 0.045, decay 0.9,
 * epsilon 1.0, lr decay 0.975 per epoch, batch 32), meant for a GPU.
 * `quick`: the small Inception at 112 px on a few hundred towers, sized for
 * a 2-core CPU.
 */
import type { RunSettings } from './settings';

export type ProfileName = 'quick' | 'paper';
export const PROFILES: readonly ProfileName[] = ['quick', 'paper'];

/** Everything a profile fixes. */
export interface Profile {
  /** Towers generated (balanced over A-D). */
  towers: number;
  /** Seeds per sweep point. */
  seeds: number;
  /** lambda values of Fig. 6 (0 = analytic baseline). */
  fig6Lambdas: number[];
  /** End point of the Fig. 6 stethoscope. */
  fig6Tap: string;
  /** Run settings without the dataset folder. */
  settings: Omit<RunSettings, 'dataDir'>;
}

/** A fresh copy of a profile (callers may change it). */
export function getProfile(name: ProfileName): Profile {
  if (name === 'paper') {
    return {
      towers: 4000,
      seeds: 3,
      fig6Lambdas: [-10, -3, -1, -0.3, -0.1, 0, 0.1, 0.3, 1, 3, 10],
      fig6Tap: 'Mixed_7a',
      settings: {
        model: 'inception-v4',
        imageSize: 224,
        cameras: [1, 4, 7, 10],
        epochs: 40,
        batchSize: 32,
        pixelScale: 'raw',
        optimizer: { learningRate: 0.045, decay: 0.9, epsilon: 1, epochDecay: 0.975 },
        stethoscopeLearningRate: 1e-3,
        stethoscopeHidden: 256,
        dropoutKeepProb: 0.8,
        batchNorm: false,
      },
    };
  }
  if (name !== 'quick') throw new RangeError(`Unknown profile "${String(name)}"; expected quick or paper.`);
  return {
    towers: 800,
    seeds: 2,
    fig6Lambdas: [-1, 0, 1],
    fig6Tap: 'Mixed_7a',
    settings: {
      model: 'inception-v4-small',
      imageSize: 112,
      cameras: [1, 7],
      epochs: 6,
      batchSize: 32,
      pixelScale: 'centered',
      // The paper's lr 0.045 with epsilon 1.0 did not fit the training set of the small net in 10 epochs.
      optimizer: { learningRate: 1e-3, decay: 0.9, epsilon: 1e-6, epochDecay: 0.975 },
      stethoscopeLearningRate: 1e-3,
      stethoscopeHidden: 64,
      dropoutKeepProb: 1,
      batchNorm: true,
    },
  };
}
