/**
 * The optimiser of a stethoscope's head in the tower runs (paper Section 3,
 * Appendix A): the stethoscope trained beside the main network, Fig. 4's
 * probes and Fig. 7's recovering stethoscope on the frozen network's cached
 * features all fit their heads with it. The fits themselves are
 * @steth/core's (`createStethoscopeTrainer`, `trainHeadOnFeatures`) and so is
 * their scoring (`evaluateHeadOnFeatures`).
 */
import * as tf from '@tensorflow/tfjs';

/** The optimiser of every head fit: RMSProp without momentum, decay 0.9. */
export function headOptimizer(learningRate: number): () => tf.Optimizer {
  return () => tf.train.rmsprop(learningRate, 0.9);
}
