/**
 * Native BatchMatMul and _FusedMatMul (bias + activation). Batch dimensions
 * broadcast when one side's batch is 1; transposes are strides in the GEMM,
 * never copies. Dense layers (the stethoscope MLPs of Section 3 among them)
 * run through these.
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import { type NativeKernel, type NativeKernelArgs, params, sizeOf } from './native-kernel';
import { activationCode } from './unary-ops';

interface MatMulResult {
  info: TensorInfo;
  values: Float32Array;
  rows: number;
  cols: number;
}

function nativeMatMul({ inputs, backend, attrs }: NativeKernelArgs): MatMulResult | undefined {
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const av = backend.f32(a);
  const bv = backend.f32(b);
  if (!av || !bv || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const transposeA = attrs.transposeA === true;
  const transposeB = attrs.transposeB === true;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const M = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const K = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const K2 = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const N = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (K !== K2) return undefined; // let the cpu kernel throw its message
  const aBatchShape = a.shape.slice(0, -2);
  const bBatchShape = b.shape.slice(0, -2);
  const aBatch = sizeOf(aBatchShape);
  const bBatch = sizeOf(bBatchShape);
  const sameBatch = aBatchShape.join() === bBatchShape.join();
  if (!sameBatch && aBatch !== 1 && bBatch !== 1) return undefined;
  const batchShape = backend_util.assertAndGetBroadcastShape(aBatchShape, bBatchShape);
  const batch = Math.max(aBatch, bBatch);
  const outShape = [...batchShape, M, N];
  if (batch * M * N === 0) return undefined;
  const out = backend.allocOutput(outShape);
  if (K === 0) out.values.fill(0);
  else
    backend.addon.matmul(
      av,
      bv,
      out.values,
      params(
        batch,
        M,
        N,
        K,
        transposeA ? 1 : 0,
        transposeB ? 1 : 0,
        aBatch === 1 ? 0 : M * K,
        bBatch === 1 ? 0 : K * N,
      ),
    );
  return { info: out.info, values: out.values, rows: batch * M, cols: N };
}

export const batchMatMulKernel: NativeKernel = {
  kernelName: 'BatchMatMul',
  kernelFunc: (args) => nativeMatMul(args)?.info,
};

export const fusedMatMulKernel: NativeKernel = {
  kernelName: '_FusedMatMul',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args;
    const bias = inputs.bias as TensorInfo | undefined;
    const act = activationCode((attrs.activation as string | undefined) ?? 'linear');
    if (act === undefined) return undefined;
    let biasValues: Float32Array | null = null;
    if (bias) {
      const bv = backend.f32(bias);
      if (!bv) return undefined;
      biasValues = bv;
    }
    const r = nativeMatMul(args);
    if (!r) return undefined;
    const biasFits =
      !bias ||
      sizeOf(bias.shape) === 1 ||
      (bias.shape[bias.shape.length - 1] === r.cols && sizeOf(bias.shape) === r.cols);
    if (!biasFits) {
      backend.disposeIntermediateTensorInfo(r.info);
      return undefined;
    }
    if (biasValues && biasValues.length === 1 && r.cols !== 1) {
      biasValues = new Float32Array(r.cols).fill(biasValues[0]!);
    }
    if (biasValues || act.code !== activationCode('linear')!.code) {
      backend.addon.biasActivation(
        r.values,
        r.rows,
        r.cols,
        biasValues,
        act.code,
        Number(attrs.leakyreluAlpha ?? 0.2),
      );
    }
    return r.info;
  },
};
