/**
 * A tiny seeded pseudo-random generator (mulberry32) whose whole state is one
 * 32-bit integer, so a trainer can store it in a checkpoint and resume the
 * exact stream. Not from the paper: it makes stethoscope initialisation, the
 * sparse connection matrix (Section 3) and control-task shuffles
 * reproducible.
 */
import { InvalidArgumentError } from './errors';

/** A seeded stream of uniform numbers whose state can be saved and restored. */
export interface SeededRandom {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  /** The whole state, an unsigned 32-bit integer. */
  getState(): number;
  /** Restores a state returned by {@link SeededRandom.getState}. */
  setState(state: number): void;
}

/** Creates a generator from a seed (an integer in [0, 2^32)). */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InvalidArgumentError(
      `Random seed must be an integer in [0, 2^32), got ${seed}. Pass a non-negative integer seed.`,
    );
  }
  let state = seed >>> 0;
  const nextU32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    next: () => nextU32() / 4294967296,
    nextInt: (n) => Math.floor((nextU32() / 4294967296) * n),
    getState: () => state,
    setState: (s) => {
      if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
        throw new InvalidArgumentError(`Random state must be an integer in [0, 2^32), got ${s}.`);
      }
      state = s >>> 0;
    },
  };
}

/** Fisher-Yates shuffle in place with a seeded generator; returns the array. */
export function shuffleWith<T>(items: T[], random: SeededRandom): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}
