/**
 * The gradient-reversal layer of domain-adversarial training (Ganin et al.
 * 2016): identity forward, gradient multiplied by `-scale` backward. One of
 * the three adversarial objectives a stethoscope offers for lambda < 0
 * (paper Section 3); with it theta descends `lambda * grad L_s`, exactly as
 * with Eq. 1, while psi still descends `grad L_s` alone.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors';

/**
 * Identity in the forward pass; in the backward pass the incoming gradient is
 * multiplied by `-scale` (scale >= 0, default 1).
 */
export function gradientReversal<T extends tf.Tensor>(x: T, scale = 1): T {
  if (!Number.isFinite(scale) || scale < 0) {
    throw new InvalidArgumentError(
      `gradientReversal: scale must be a finite number >= 0, got ${scale}. Pass |lambda|.`,
    );
  }
  const reverse = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor;
    // tfjs ignores the custom gradient if the value is the input itself: clone.
    return { value: input.clone(), gradFunc: (dy: tf.Tensor) => tf.mul(dy, -scale) };
  });
  return reverse(x) as T;
}
