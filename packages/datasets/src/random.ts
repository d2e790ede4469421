/**
 * A small seeded pseudo-random generator (SplitMix32 seeding a xoshiro128**
 * state), so every dataset Steth builds is the same for the same seed on
 * every machine and in every worker. Not from the paper: the paper's
 * experiments are repeated over many seeds, and that needs reproducible draws.
 */

/** A seeded random stream. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal draw (Box-Muller). */
  normal(): number;
  /** The 4-word internal state, to save and restore a stream exactly. */
  getState(): [number, number, number, number];
  setState(state: readonly number[]): void;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/** Creates a seeded generator. The same seed always gives the same stream. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`createRng: seed must be an integer in [0, 2^32), got ${seed}`);
  }
  const init = splitmix32(seed);
  const s = new Uint32Array([init(), init(), init(), init()]);
  const nextU32 = () => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  };
  const next = () => nextU32() / 4294967296;
  return {
    next,
    int(n) {
      if (!Number.isInteger(n) || n <= 0)
        throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
      return Math.floor(next() * n);
    },
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal() {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    getState: () => [s[0]!, s[1]!, s[2]!, s[3]!],
    setState(state) {
      if (state.length !== 4) throw new RangeError('Rng.setState: expected 4 words');
      s.set(state);
    },
  };
}

/** Fisher-Yates shuffle in place, driven by `rng`. Returns the same array. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}
