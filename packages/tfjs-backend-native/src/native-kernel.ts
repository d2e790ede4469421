/**
 * What a native kernel looks like: a function of tfjs kernel arguments that
 * returns its output, or `undefined` when the case is not one it handles
 * (another dtype, a data format, an empty tensor); the `cpu` kernel of the
 * same name then runs instead. Not from the paper.
 */
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { NativeBackend } from './native-backend';

export interface NativeKernelArgs {
  inputs: NamedTensorInfoMap;
  backend: NativeBackend;
  attrs: NamedAttrMap;
}

export type NativeKernelFunc = (args: NativeKernelArgs) => TensorInfo | TensorInfo[] | undefined;

/** A kernel override: the tfjs kernel name and its native implementation. */
export interface NativeKernel {
  kernelName: string;
  kernelFunc: NativeKernelFunc;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Int32Array of the parameters, the form the addon takes them in. */
export function params(...values: number[]): Int32Array {
  return Int32Array.from(values);
}
