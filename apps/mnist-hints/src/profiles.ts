/**
 * The sweep profiles. `quick` (the default) is a reduced reproduction that
 * fits about 10 minutes on 2 cores with the pure-JS backend: a training
 * subset, few epochs, a few lambdas and 3 seeds. `paper` uses the paper's
 * run counts (100 runs a point for variant 1, Fig. 9; 20 for variant 2,
 * Fig. 10), the paper's 256-unit dense layers, and a wider lambda grid.
 */
import type { MnistHintsPoint, RunSettings } from './settings';

/** The profile names. */
export const PROFILES = ['quick', 'paper'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** What a profile sweeps. */
export interface Profile {
  name: ProfileName;
  /** Seeds of each point, per variant. */
  seeds: Record<1 | 2, number[]>;
  /** Hint qualities q_h, per variant. */
  qh: Record<1 | 2, number[]>;
  /** Stethoscope weights lambda, per variant. */
  lambdas: Record<1 | 2, number[]>;
  /** Run settings, per variant. */
  settings: Record<1 | 2, RunSettings>;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const base: Omit<RunSettings, 'variant'> = {
  trainSize: 2000,
  testSize: 2000,
  epochs: 3,
  batchSize: 64,
  optimizer: { name: 'sgd-momentum', learningRate: 0.02, momentum: 0.9 },
  stethoscopeOptimizer: { name: 'rmsprop', learningRate: 1e-3 },
  stethoscopeHidden: 64,
  convFilters: [4, 8],
  kernelSize: 3,
  denseUnits: [64, 64],
  hiddenUnits: 128,
  hintPixels: 4,
};

/** Builds a profile by name. */
export function getProfile(name: ProfileName): Profile {
  if (name === 'quick') {
    return {
      name,
      seeds: { 1: range(3), 2: range(3) },
      qh: { 1: [1], 2: [0.8] },
      lambdas: { 1: [-1, 0, 1], 2: [-10, -0.3, 0, 1] },
      settings: {
        1: { ...base, variant: 1 },
        2: {
          ...base,
          variant: 2,
          trainSize: 3000,
          hintPixels: 12,
          stethoscopeOptimizer: { name: 'rmsprop', learningRate: 0.01 },
        },
      },
    };
  }
  if (name === 'paper') {
    const paper: Omit<RunSettings, 'variant'> = {
      ...base,
      trainSize: 10000,
      testSize: 10000,
      epochs: 6,
      denseUnits: [256, 256],
      hiddenUnits: 256,
    };
    return {
      name,
      seeds: { 1: range(100), 2: range(20) },
      qh: { 1: [0.6, 0.8, 0.9, 1], 2: [0.6, 0.8, 1] },
      lambdas: { 1: [-10, -1, -0.1, 0, 0.1, 1, 10], 2: [-10, -1, -0.3, -0.1, 0, 0.1, 1] },
      settings: {
        1: { ...paper, variant: 1 },
        2: {
          ...paper,
          variant: 2,
          hintPixels: 12,
          stethoscopeOptimizer: { name: 'rmsprop', learningRate: 0.01 },
        },
      },
    };
  }
  throw new RangeError(`Unknown profile "${String(name)}"; expected one of ${PROFILES.join(', ')}.`);
}

/** The sweep points of a profile for the chosen variants. */
export function profilePoints(profile: Profile, variants: readonly (1 | 2)[]): MnistHintsPoint[] {
  return variants.flatMap((variant) =>
    profile.qh[variant].flatMap((qh) =>
      profile.lambdas[variant].map((lambda) => ({
        variant,
        qh,
        lambda,
        settings: profile.settings[variant],
      })),
    ),
  );
}
