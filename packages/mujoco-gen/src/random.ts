/**
 * Seeded random numbers for the tower sampler. Every tower draws from its
 * own generator seeded by (dataset seed, tower index, attempt), so a tower
 * does not depend on which worker made it or in which order: the dataset is
 * the same for any number of workers.
 */

/** A source of uniform numbers in [0, 1) with a few helpers. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number;
  /** -1 or +1 with equal probability. */
  sign(): number;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
}

/** 32-bit mix (a finaliser in the style of MurmurHash3's fmix32). */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Derives one 32-bit seed from any list of non-negative integers. */
export function deriveSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const lo = part >>> 0;
    const hi = Math.floor(part / 2 ** 32) >>> 0;
    h = mix32(h ^ mix32(lo + 0x632be5ab));
    h = mix32(h ^ mix32(hi + 0x3c6ef372));
  }
  return h;
}

/** A small fast generator (sfc32) seeded from a 32-bit seed. */
export function createRandom(seed: number): Random {
  let a = mix32(seed ^ 0xdeadbeef);
  let b = mix32(seed ^ 0x41c64e6d);
  let c = mix32(seed ^ 0x6c078965);
  let d = 1;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    sign: () => (next() < 0.5 ? -1 : 1),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
