/**
 * Native MaxPool, AvgPool and their gradients (NHWC) with the `cpu`
 * backend's semantics: max takes the first maximum of a window, average
 * divides by the in-bounds count forward and by the window size backward.
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import { type NativeKernel, type NativeKernelArgs, params, sizeOf } from './native-kernel';

function poolInfo(shape: number[], attrs: NativeKernelArgs['attrs']): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    shape as [number, number, number, number],
    attrs.filterSize as number | [number, number],
    attrs.strides as number | [number, number],
    1,
    attrs.pad as 'same' | 'valid' | number | backend_util.ExplicitPadding,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
}

function poolParams(c: backend_util.Conv2DInfo): Int32Array {
  return params(
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.outHeight,
    c.outWidth,
    c.filterHeight,
    c.filterWidth,
    c.strideHeight,
    c.strideWidth,
    c.dilationHeight,
    c.dilationWidth,
    c.padInfo.top,
    c.padInfo.left,
  );
}

function forward(kind: 'max' | 'avg'): NativeKernel['kernelFunc'] {
  return ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const xv = backend.f32(x);
    if (!xv || x.shape.length !== 4 || sizeOf(x.shape) === 0) return undefined;
    const info = poolInfo(x.shape, attrs);
    if (sizeOf(info.outShape) === 0) return undefined;
    // tfjs treats a 1x1 pool whose output has the input's shape as identity,
    // whatever its stride and padding; the cpu kernel does exactly that.
    if (info.filterHeight === 1 && info.filterWidth === 1 && info.outShape.join() === x.shape.join())
      return undefined;
    const out = backend.allocOutput(info.outShape);
    if (kind === 'max') backend.addon.maxPool(xv, out.values, poolParams(info));
    else backend.addon.avgPool(xv, out.values, poolParams(info));
    return out.info;
  };
}

export const maxPoolKernel: NativeKernel = { kernelName: 'MaxPool', kernelFunc: forward('max') };
export const avgPoolKernel: NativeKernel = { kernelName: 'AvgPool', kernelFunc: forward('avg') };

export const maxPoolGradKernel: NativeKernel = {
  kernelName: 'MaxPoolGrad',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const dy = inputs.dy as TensorInfo;
    const x = inputs.input as TensorInfo;
    const dyv = backend.f32(dy);
    const xv = backend.f32(x);
    if (!dyv || !xv || x.shape.length !== 4 || sizeOf(x.shape) === 0) return undefined;
    const info = poolInfo(x.shape, attrs);
    // MaxPoolGrad's third input is MaxPool's output (tfjs's gradient passes it); checked by size.
    const y = inputs.output ? backend.f32(inputs.output as TensorInfo) : undefined;
    const yv = y && y.length === dyv.length ? y : null;
    const out = backend.allocOutput([...x.shape]);
    backend.addon.maxPoolGrad(xv, dyv, out.values, poolParams(info), yv);
    return out.info;
  },
};

export const avgPoolGradKernel: NativeKernel = {
  kernelName: 'AvgPoolGrad',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const dy = inputs.dy as TensorInfo;
    const x = inputs.input as TensorInfo;
    const dyv = backend.f32(dy);
    if (!dyv || x.dtype !== 'float32' || x.shape.length !== 4 || sizeOf(x.shape) === 0) return undefined;
    const info = poolInfo(x.shape, attrs);
    const out = backend.allocOutput([...x.shape]);
    backend.addon.avgPoolGrad(dyv, out.values, poolParams(info));
    return out.info;
  },
};
