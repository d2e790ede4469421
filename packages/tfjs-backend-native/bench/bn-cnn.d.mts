import type * as tfType from '@tensorflow/tfjs';

export interface BnCnnOptions {
  size?: number;
  channels?: number;
  classes?: number;
  widths?: number[];
  batchNorm?: boolean;
  seed?: number;
}
export declare function createBnCnn(tf: typeof tfType, options?: BnCnnOptions): tfType.LayersModel;
