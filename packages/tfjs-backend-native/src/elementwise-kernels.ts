/**
 * Native broadcasting binary ops (Add, Sub, Mul, RealDiv, Maximum, Minimum,
 * SquaredDifference) and unary ops (Relu, Relu6, LeakyRelu, Sigmoid, Elu,
 * Step, Exp, Log, ...) on float32 tensors. The gradients of Relu, LeakyRelu
 * and Sigmoid are built by tfjs from these ops (Step, Mul, Sub, ...), so they
 * run natively too.
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import { type NativeKernel, sizeOf } from './native-kernel';
import { UNARY } from './unary-ops';

/** Codes of csrc/elementwise.h `BinaryOp`. */
const BINARY: Record<string, number> = {
  Add: 0,
  Sub: 1,
  Multiply: 2,
  RealDiv: 3,
  Maximum: 4,
  Minimum: 5,
  SquaredDifference: 6,
};

function stridesFor(shape: number[], outShape: number[]): Int32Array {
  const rank = outShape.length;
  const out = new Int32Array(rank);
  let stride = 1;
  for (let i = rank - 1; i >= 0; i--) {
    const k = i - (rank - shape.length);
    const d = k >= 0 ? shape[k]! : 1;
    out[i] = d === 1 ? 0 : stride;
    stride *= d;
  }
  return out;
}

function binaryKernel(kernelName: string): NativeKernel {
  const op = BINARY[kernelName]!;
  return {
    kernelName,
    kernelFunc: ({ inputs, backend }) => {
      const a = inputs.a as TensorInfo;
      const b = inputs.b as TensorInfo;
      const av = backend.f32(a);
      const bv = backend.f32(b);
      if (!av || !bv) return undefined;
      const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      if (sizeOf(outShape) === 0 || outShape.length > 16) return undefined;
      const out = backend.allocOutput(outShape);
      backend.addon.binary(
        op,
        av,
        bv,
        out.values,
        Int32Array.from(outShape),
        stridesFor(a.shape, outShape),
        stridesFor(b.shape, outShape),
      );
      return out.info;
    },
  };
}

export const binaryKernels: NativeKernel[] = Object.keys(BINARY).map(binaryKernel);

function unaryKernel(kernelName: keyof typeof UNARY, alphaAttr?: string, defaultAlpha = 0): NativeKernel {
  const op = UNARY[kernelName];
  return {
    kernelName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs.x as TensorInfo;
      const xv = backend.f32(x);
      if (!xv || xv.length === 0) return undefined;
      const out = backend.allocOutput([...x.shape]);
      const alpha = alphaAttr ? Number(attrs[alphaAttr] ?? defaultAlpha) : 0;
      backend.addon.unary(op, alpha, xv, out.values);
      return out.info;
    },
  };
}

export const unaryKernels: NativeKernel[] = [
  unaryKernel('Relu'),
  unaryKernel('Relu6'),
  unaryKernel('LeakyRelu', 'alpha', 0.2),
  unaryKernel('Sigmoid'),
  unaryKernel('Elu'),
  unaryKernel('Step', 'alpha', 0),
  unaryKernel('Exp'),
  unaryKernel('Log'),
  unaryKernel('Neg'),
  unaryKernel('Sqrt'),
  unaryKernel('Square'),
  unaryKernel('Tanh'),
  unaryKernel('Abs'),
  unaryKernel('Rsqrt'),
  unaryKernel('Reciprocal'),
];
