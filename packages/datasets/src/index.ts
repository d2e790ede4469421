export type { Rng } from './random';
export { createRng, shuffleInPlace } from './random';
