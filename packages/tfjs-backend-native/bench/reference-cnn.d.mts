import type * as tfType from '@tensorflow/tfjs';

export interface ReferenceCnnOptions {
  size?: number;
  channels?: number;
  classes?: number;
  filters?: [number, number];
}
export declare function createReferenceCnn(
  tf: typeof tfType,
  options?: ReferenceCnnOptions,
): tfType.Sequential;
export declare function referenceBatch(
  tf: typeof tfType,
  options?: { batch?: number; size?: number; channels?: number; classes?: number },
): { x: tfType.Tensor; y: tfType.Tensor };
