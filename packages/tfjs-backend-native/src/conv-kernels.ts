/**
 * Native Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter and FusedConv2D
 * (NHWC; strides, SAME/VALID/explicit padding, dilation) by im2col + GEMM in
 * the addon. The convolutional main networks whose layers the stethoscopes
 * of Section 3 tap are trained through these.
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import { type NativeKernel, type NativeKernelArgs, params, sizeOf } from './native-kernel';
import { activationCode } from './unary-ops';

type Conv2DInfo = backend_util.Conv2DInfo;

function convParams(c: Conv2DInfo): Int32Array {
  return params(
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.outHeight,
    c.outWidth,
    c.outChannels,
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

function isNHWC(attrs: NativeKernelArgs['attrs']): boolean {
  const f = (attrs.dataFormat as string | undefined) ?? 'NHWC';
  return f === 'NHWC' || f === 'channelsLast';
}

function nativeConv(
  args: NativeKernelArgs,
): { info: TensorInfo; values: Float32Array; conv: Conv2DInfo } | undefined {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const xv = backend.f32(x);
  const wv = backend.f32(filter);
  if (!xv || !wv || !isNHWC(attrs) || x.shape.length !== 4 || filter.shape.length !== 4) return undefined;
  const conv = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides as number | [number, number],
    (attrs.dilations as number | [number, number] | undefined) ?? 1,
    attrs.pad as 'same' | 'valid' | number | backend_util.ExplicitPadding,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  );
  if (sizeOf(conv.outShape) === 0 || sizeOf(x.shape) === 0) return undefined;
  const out = backend.allocOutput(conv.outShape);
  backend.addon.conv2d(xv, wv, out.values, convParams(conv));
  return { ...out, conv };
}

export const conv2DKernel: NativeKernel = {
  kernelName: 'Conv2D',
  kernelFunc: (args) => nativeConv(args)?.info,
};

export const fusedConv2DKernel: NativeKernel = {
  kernelName: 'FusedConv2D',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args;
    const bias = inputs.bias as TensorInfo | undefined;
    const act = activationCode((attrs.activation as string | undefined) ?? 'linear');
    if (act === undefined || !isNHWC(attrs)) return undefined;
    let biasValues: Float32Array | null = null;
    if (bias) {
      const bv = backend.f32(bias);
      const outC = (inputs.filter as TensorInfo).shape[3];
      const n = sizeOf(bias.shape);
      if (!bv || !(n === 1 || (n === outC && bias.shape[bias.shape.length - 1] === outC))) return undefined;
      biasValues = n === 1 && outC !== 1 ? new Float32Array(outC ?? 1).fill(bv[0]!) : bv;
    }
    const r = nativeConv(args);
    if (!r) return undefined;
    if (biasValues || act.code !== activationCode('linear')!.code) {
      const cols = r.conv.outChannels;
      backend.addon.biasActivation(
        r.values,
        r.values.length / cols,
        cols,
        biasValues,
        act.code,
        Number(attrs.leakyreluAlpha ?? 0.2),
      );
    }
    return r.info;
  },
};

export const conv2DBackpropInputKernel: NativeKernel = {
  kernelName: 'Conv2DBackpropInput',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const dy = inputs.dy as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const dyv = backend.f32(dy);
    const wv = backend.f32(filter);
    const inputShape = attrs.inputShape as [number, number, number, number];
    if (!dyv || !wv || !isNHWC(attrs) || inputShape.length !== 4 || sizeOf(inputShape) === 0)
      return undefined;
    const conv = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides as number | [number, number],
      1,
      attrs.pad as 'same' | 'valid' | number | backend_util.ExplicitPadding,
      attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
      false,
      'channelsLast',
    );
    // tfjs lets dy be larger than the forward output; cpu then reads only its
    // leading rows and columns. Leave that corner case to cpu.
    if (dy.shape.join() !== conv.outShape.join()) return undefined;
    if (sizeOf(dy.shape) === 0) {
      const out = backend.allocOutput([...inputShape]);
      out.values.fill(0);
      return out.info;
    }
    // Deferred: a fused convolution's gradient computes it even for the
    // network's input, which nothing reads.
    const p = convParams(conv);
    return backend.deferOutput('Conv2DBackpropInput', [...inputShape], [dy, filter], (values) =>
      backend.addon.conv2dBackpropInput(dyv, wv, values, p),
    );
  },
};

export const conv2DBackpropFilterKernel: NativeKernel = {
  kernelName: 'Conv2DBackpropFilter',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const xv = backend.f32(x);
    const dyv = backend.f32(dy);
    const filterShape = attrs.filterShape as [number, number, number, number];
    if (!xv || !dyv || !isNHWC(attrs) || x.shape.length !== 4 || sizeOf(filterShape) === 0) return undefined;
    const conv = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      attrs.strides as number | [number, number],
      1,
      attrs.pad as 'same' | 'valid' | number | backend_util.ExplicitPadding,
      attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
      false,
      'channelsLast',
    );
    if (dy.shape.join() !== conv.outShape.join()) return undefined;
    const out = backend.allocOutput([...filterShape]);
    if (sizeOf(dy.shape) === 0) out.values.fill(0);
    else backend.addon.conv2dBackpropFilter(xv, dyv, out.values, convParams(conv));
    return out.info;
  },
};
