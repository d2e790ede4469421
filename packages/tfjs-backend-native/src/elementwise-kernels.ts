/**
 * Native broadcasting binary ops (Add, Sub, Mul, RealDiv, Maximum, Minimum,
 * SquaredDifference) and unary ops (Relu, Relu6, LeakyRelu, Sigmoid, Elu,
 * Step, Exp, Log, ...) on float32 tensors. The gradients of Relu, LeakyRelu
 * and Sigmoid are built by tfjs from these ops (Step, Mul, Sub, ...), so they
 * run natively too.
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import { fusedBatchNormRelu } from './batch-norm-relu';
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

/** Code of csrc/elementwise.h `kMulTwice`: a * (b * 2). */
export const BINARY_MUL_TWICE = 7;
/** Code of csrc/elementwise.h `kReluGrad`: a * step(b). */
export const BINARY_RELU_GRAD = 8;

/** Strides of `shape` broadcast to `outShape` (0 along broadcast axes). */
export function broadcastStrides(shape: number[], outShape: number[]): Int32Array {
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

/**
 * Merges adjacent axes along which both operands are laid out contiguously
 * (or both broadcast), so the addon's inner loop runs over long rows:
 * [32, 32, 32, 32] + [32] becomes [32768, 32] with the bias repeating.
 */
export function collapse(
  shape: number[],
  as: Int32Array,
  bs: Int32Array,
): { shape: Int32Array; aStrides: Int32Array; bStrides: Int32Array } {
  const dims: number[] = [];
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === 1) continue; // size-1 axes contribute nothing
    const last = dims.length - 1;
    if (last >= 0 && sa[last] === as[i]! * d && sb[last] === bs[i]! * d) {
      dims[last] = dims[last]! * d;
      sa[last] = as[i]!;
      sb[last] = bs[i]!;
    } else {
      dims.push(d);
      sa.push(as[i]!);
      sb.push(bs[i]!);
    }
  }
  if (dims.length === 0)
    return { shape: Int32Array.of(1), aStrides: Int32Array.of(0), bStrides: Int32Array.of(0) };
  return { shape: Int32Array.from(dims), aStrides: Int32Array.from(sa), bStrides: Int32Array.from(sb) };
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
      const { shape, aStrides, bStrides } = collapse(
        outShape,
        broadcastStrides(a.shape, outShape),
        broadcastStrides(b.shape, outShape),
      );
      backend.addon.binary(op, av, bv, out.values, shape, aStrides, bStrides);
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
      // Before reading x: reading a deferred batch norm's output would compute it.
      if (op === UNARY.Relu) {
        const fused = fusedBatchNormRelu(backend, x);
        if (fused) return fused;
      }
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
