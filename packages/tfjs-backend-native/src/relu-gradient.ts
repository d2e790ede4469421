/**
 * Relu's gradient in one native pass on the `native` backend. tfjs computes
 * it as mul(dy, cast(step(x))): two full-size passes and an extra tensor
 * after every convolution of a ReLU network. The gradient registry is shared
 * by all backends, so the replacement runs the fused kernel only when the
 * active backend is `native` and both tensors are float32 of one shape, and
 * tfjs's own gradient otherwise; the values are the same bits either way.
 * Not from the paper: per-op overhead of small networks (issue 14).
 */

import type { Tensor, TensorInfo } from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import { batchNormBeforeRelu, type ReluGradRecipe } from './batch-norm-relu';
import { BINARY_RELU_GRAD } from './elementwise-kernels';
import type { NativeKernel } from './native-kernel';

export const RELU_GRAD = 'StethReluGrad';

/** dy * step(x) (NaN where x is NaN, as tfjs's step). */
export const reluGradKernel: NativeKernel = {
  kernelName: RELU_GRAD,
  kernelFunc: ({ inputs, backend }) => {
    const dy = inputs.dy as TensorInfo;
    const x = inputs.x as TensorInfo;
    const dyv = backend.f32(dy);
    const xv = backend.f32(x);
    if (!dyv || !xv || dyv.length !== xv.length)
      throw new TypeError(
        `${RELU_GRAD}: dy and x must be float32 tensors of one shape on the native backend.`,
      );
    // Deferred: a batch norm's gradient before it takes dy and recomputes the step (batch-norm-relu.ts).
    const one = Int32Array.of(1);
    const recipe: ReluGradRecipe = { kind: 'relu-grad', dy: dyv, batchNorm: batchNormBeforeRelu(x) };
    return backend.deferOutput(
      RELU_GRAD,
      [...x.shape],
      [dy, x],
      (values) => backend.addon.binary(BINARY_RELU_GRAD, dyv, xv, values, Int32Array.of(xv.length), one, one),
      recipe,
    );
  },
};

/**
 * Replaces Relu's gradient (once a process) with the dispatching version,
 * which saves Relu's output instead of its input: step(relu(x)) = step(x) for
 * every x (0 for x <= 0, 1 above, NaN for NaN), so the gradient is the same
 * bits, and a batch norm's output before a ReLU need not be kept, or computed
 * (batch-norm-relu.ts).
 */
export function registerReluGradient(): void {
  const original = tf.getGradient('Relu');
  if (!original) return;
  tf.registerGradient({
    ...original,
    inputsToSave: [],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      // Relu's output, which the step below reads as tfjs's reads the input.
      const [x] = saved as [Tensor];
      const g = dy as Tensor;
      if (
        tf.getBackend() !== 'native' ||
        x.dtype !== 'float32' ||
        g.dtype !== 'float32' ||
        x.size === 0 ||
        !tf.util.arraysEqual(x.shape, g.shape)
      )
        return original.gradFunc(dy, saved, attrs);
      return { x: () => tf.engine().runKernel(RELU_GRAD, { dy: g, x }) as Tensor };
    },
  });
}
