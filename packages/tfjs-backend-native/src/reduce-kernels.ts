/**
 * Native Sum, Mean, Max and Min over float32 tensors when the reduced axes
 * are one contiguous block (the bias gradients over batch x height x width,
 * losses over everything, softmax over the last axis); other axis sets fall
 * back to the `cpu` kernels.
 */
import { backend_util, type TensorInfo, util } from '@tensorflow/tfjs';
import { type NativeKernel, sizeOf } from './native-kernel';

/** Codes of csrc/elementwise.h `ReduceOp`. */
const REDUCE = { Sum: 0, Mean: 1, Max: 2, Min: 3 } as const;

function reduceKernel(kernelName: keyof typeof REDUCE, axisAttr: string): NativeKernel {
  return {
    kernelName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs.x as TensorInfo;
      const xv = backend.f32(x);
      if (!xv || xv.length === 0) return undefined;
      const axes = util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape).sort((p, q) => p - q);
      if (axes.length === 0) return undefined;
      const first = axes[0]!;
      const last = axes[axes.length - 1]!;
      if (last - first + 1 !== axes.length) return undefined;
      const outer = sizeOf(x.shape.slice(0, first));
      const red = sizeOf(x.shape.slice(first, last + 1));
      const inner = sizeOf(x.shape.slice(last + 1));
      let [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
      if (attrs.keepDims === true) outShape = backend_util.expandShapeToKeepDim(outShape, axes);
      const out = backend.allocOutput(outShape);
      backend.addon.reduce(REDUCE[kernelName], xv, outer, red, inner, out.values);
      return out.info;
    },
  };
}

export const reduceKernels: NativeKernel[] = [
  reduceKernel('Sum', 'axis'),
  reduceKernel('Mean', 'axis'),
  reduceKernel('Max', 'reductionIndices'),
  reduceKernel('Min', 'axis'),
];
