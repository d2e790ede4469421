/**
 * Identity in the forward pass, zero gradient in the backward pass. This is
 * how the analytic stethoscope (paper Section 3, lambda = 0) stays a passive
 * observer: its loss reaches psi but sends exactly zero into theta.
 */
import * as tf from '@tensorflow/tfjs';

const stop = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  // Returning `x` itself would make tfjs skip the custom gradient: clone it.
  return { value: x.clone(), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

/** Returns a copy of `x` through which no gradient flows (the gradient is exactly zero). */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}
