/**
 * Cost of one forward pass per image, computed from a model's layer shapes
 * (no tensors are touched). Counts the multiply-accumulates of `Conv2D` and
 * `Dense` layers, which dominate convolutional networks; batch norm, ReLU,
 * pooling and concatenation are left out, as in the figures papers publish.
 * Used to size the CPU preset of Inception-v4; not part of the paper.
 */
import type * as tf from '@tensorflow/tfjs';

/** Forward cost of one image. */
export interface ModelCost {
  /** Multiply-accumulates of all `Conv2D` and `Dense` layers. */
  macs: number;
  /** Floating-point operations, counted as 2 per multiply-accumulate. */
  flops: number;
}

function shapeOf(shape: unknown, layer: string, which: string): number[] {
  const s = (Array.isArray(shape) && Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  if (!Array.isArray(s) || s.slice(1).some((d) => typeof d !== 'number')) {
    throw new Error(
      `countModelCost: layer ${layer} has no fully known ${which} shape (${JSON.stringify(shape)})`,
    );
  }
  return s.slice(1) as number[];
}

function inputShapeOf(layer: tf.layers.Layer): unknown {
  const input = layer.input as tf.SymbolicTensor | tf.SymbolicTensor[];
  return Array.isArray(input) ? input.map((t) => t.shape) : input.shape;
}

/** Multiply-accumulates and FLOPs of one forward pass of one image through `model`. */
export function countModelCost(model: tf.LayersModel): ModelCost {
  let macs = 0;
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className === 'Conv2D') {
      const [, , cin] = shapeOf(inputShapeOf(layer), layer.name, 'input') as [number, number, number];
      const [h, w, cout] = shapeOf(layer.outputShape, layer.name, 'output') as [number, number, number];
      const k = layer.getConfig().kernelSize as number[] | number;
      const [kh, kw] = Array.isArray(k) ? [k[0] ?? 1, k[1] ?? 1] : [k, k];
      macs += h * w * cout * kh * kw * cin;
    } else if (className === 'Dense') {
      const inputs = shapeOf(inputShapeOf(layer), layer.name, 'input');
      const outputs = shapeOf(layer.outputShape, layer.name, 'output');
      const positions = inputs.slice(0, -1).reduce((a, b) => a * b, 1);
      macs += positions * (inputs[inputs.length - 1] ?? 0) * (outputs[outputs.length - 1] ?? 0);
    }
  }
  return { macs, flops: 2 * macs };
}
