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
    const out = backend.allocOutput([...x.shape]);
    const one = Int32Array.of(1);
    backend.addon.binary(BINARY_RELU_GRAD, dyv, xv, out.values, Int32Array.of(xv.length), one, one);
    return out.info;
  },
};

/** Replaces Relu's gradient (once a process) with the dispatching version. */
export function registerReluGradient(): void {
  const original = tf.getGradient('Relu');
  if (!original) return;
  tf.registerGradient({
    ...original,
    gradFunc: (dy, saved, attrs) => {
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
