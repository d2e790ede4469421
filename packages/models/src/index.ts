export type { MlpConfig } from './mlp';
export { createMlp } from './mlp';
