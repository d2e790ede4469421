/**
 * Gradient-conflict diagnostic: the cosine between the gradient of the main
 * loss L_y and the gradient of a stethoscope loss L_s, taken with respect to
 * the trainable weights of the tapped layer (the layer producing Z, where
 * the two objectives meet; paper Section 3, Figure 1). Positive: the
 * supplemental task pulls the encoder the same way as the main task
 * (an auxiliary stethoscope can help); negative: they conflict. If the
 * tapped layer has no trainable weights (e.g. an activation or flatten
 * layer), all encoder weights that L_s reaches are used instead.
 *
 * Costs two extra forward and backward passes; the trainer computes it only
 * when asked (`gradientCosine: true`).
 */
import * as tf from '@tensorflow/tfjs';
import type { StethoscopeHead } from './stethoscope-head';
import { type TaskSpec, taskLoss } from './stethoscope-losses';
import type { TappedModel } from './tap';

export interface GradientCosineInput {
  model: tf.LayersModel;
  tapped: TappedModel;
  /** Index of the tap among `tapped.taps`. */
  tapIndex: number;
  tapLayerName: string;
  head: StethoscopeHead;
  task: TaskSpec;
  mainLoss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;
  batch: { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor; s: tf.Tensor };
  /** Run the main network in training mode (default true). */
  training?: boolean;
}

/** Cosine of the two gradients, or null when either is zero or none exists. */
export function gradientCosineAtTap(input: GradientCosineInput): number | null {
  const { model, tapped, tapIndex, tapLayerName, head, task, mainLoss, batch, training = true } = input;
  let result: number | null = null;
  tf.tidy(() => {
    const all = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const tapLayer = model.layers.find((l) => l.name === tapLayerName);
    let vars = (tapLayer?.trainableWeights ?? []).map((w) => w.read() as tf.Variable);
    const stethLoss = () => {
      const { taps } = tapped.run(batch.x, training);
      return taskLoss(task, head.apply(taps[tapIndex]!, { freezeWeights: true }), batch.s);
    };
    const main = () => mainLoss(batch.y, tapped.run(batch.x, training).output);
    let gs: tf.NamedTensorMap;
    if (vars.length === 0) {
      gs = tf.variableGrads(stethLoss, all).grads;
      vars = all.filter((v) => gs[v.name] !== undefined);
      if (vars.length === 0) return;
    } else {
      gs = tf.variableGrads(stethLoss, vars).grads;
    }
    const gy = tf.variableGrads(main, vars).grads;
    let dot = tf.scalar(0);
    let ny = tf.scalar(0);
    let ns = tf.scalar(0);
    for (const v of vars) {
      const a = gy[v.name];
      const b = gs[v.name];
      if (a) ny = tf.add(ny, tf.sum(tf.square(a)));
      if (b) ns = tf.add(ns, tf.sum(tf.square(b)));
      if (a && b) dot = tf.add(dot, tf.sum(tf.mul(a, b)));
    }
    const [d, y2, s2] = [dot.dataSync()[0]!, ny.dataSync()[0]!, ns.dataSync()[0]!];
    if (y2 > 0 && s2 > 0) result = d / Math.sqrt(y2 * s2);
  });
  return result;
}
