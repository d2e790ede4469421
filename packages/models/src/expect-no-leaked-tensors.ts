/**
 * Test helper: runs a function and fails if it leaves tensors behind, the
 * leak check every Steth model and stethoscope test relies on (a training
 * loop that leaks one tensor per step exhausts memory over an epoch).
 */

import { StethError } from '@steth/errors';
import * as tf from '@tensorflow/tfjs';

/** A function under test left tensors allocated. */
export class TensorLeakError extends StethError {
  override name = 'TensorLeakError';
}

/**
 * Runs `fn` and throws {@link TensorLeakError} if `tf.memory().numTensors`
 * is higher afterwards. Returns what `fn` returned (which must not hold new
 * tensors). `what` names the operation in the error message.
 */
export async function expectNoLeakedTensors<T>(what: string, fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after > before) {
    throw new TensorLeakError(
      `${what} leaked ${after - before} tensor(s): tf.memory().numTensors went from ${before} to ${after}. ` +
        'Wrap intermediate work in tf.tidy() and dispose what tf.tidy() cannot track (gradients, optimizer results).',
    );
  }
  return result;
}
