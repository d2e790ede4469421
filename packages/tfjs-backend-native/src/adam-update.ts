/**
 * Adam's update as one native kernel a step. tfjs's AdamOptimizer runs about
 * a dozen elementwise kernels a variable (the network of the reproduction's
 * `cpu` profile: some 350 kernel calls a step, most on tensors of a few
 * hundred values, where the call costs more than the arithmetic). On the
 * native backend this module routes `applyGradients` of every AdamOptimizer
 * to `StethAdamUpdate`, which updates all variables in one kernel call with
 * the same float32 operations in the same order, so weights and moments are
 * bit-identical to tfjs's update; its optimizer state (moments named
 * `<variable>/m` and `/v`, accBeta1/2, iterations) is kept as tfjs keeps it,
 * so `getWeights`/`setWeights` and checkpoints are unchanged. Other backends
 * and non-float32 variables run tfjs's code. Not from the paper: it makes
 * training steps cheaper on a CPU.
 */

import type { NamedAttrMap, NamedTensorMap, Tensor, TensorInfo, Variable } from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import type { NativeKernel } from './native-kernel';
import { processSwitch } from './process-switch';

/** Kernel name (registered on `native` only). */
export const ADAM_UPDATE = 'StethAdamUpdate';

/**
 * Inputs value{i}, m{i}, v{i}, g{i} for i < attrs.count, accBeta1, accBeta2;
 * attrs beta1, beta2, epsilon, learningRate. Outputs value', m', v' for each
 * variable in turn.
 */
export const adamUpdateKernel: NativeKernel = {
  kernelName: ADAM_UPDATE,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const get = (name: string): Float32Array => {
      const v = inputs[name] && backend.f32(inputs[name] as TensorInfo);
      if (!v) throw new TypeError(`${ADAM_UPDATE}: ${name} must be a float32 tensor on the native backend.`);
      return v;
    };
    const f = Math.fround;
    const beta1 = Number(attrs.beta1);
    const beta2 = Number(attrs.beta2);
    // As tfjs makes them: JS numbers become float32 scalars; 1 - accBeta is a float32 subtraction.
    const scalars = Float32Array.of(
      f(beta1),
      f(1 - beta1),
      f(beta2),
      f(1 - beta2),
      f(1 - get('accBeta1')[0]!),
      f(1 - get('accBeta2')[0]!),
      f(Number(attrs.epsilon)),
      f(-Number(attrs.learningRate)),
    );
    const outs: TensorInfo[] = [];
    for (let i = 0; i < Number(attrs.count); i++) {
      const value = get(`value${i}`);
      const m = get(`m${i}`);
      const v = get(`v${i}`);
      const g = get(`g${i}`);
      if (m.length !== value.length || v.length !== value.length || g.length !== value.length)
        throw new RangeError(`${ADAM_UPDATE}: variable ${i}'s value, moments and gradient differ in size.`);
      const shape = [...(inputs[`value${i}`] as TensorInfo).shape];
      const valueOut = backend.allocOutput(shape);
      const mOut = backend.allocOutput(shape);
      const vOut = backend.allocOutput(shape);
      backend.addon.adamUpdate(value, m, v, g, scalars, valueOut.values, mOut.values, vOut.values);
      outs.push(valueOut.info, mOut.info, vOut.info);
    }
    return outs;
  },
};

/** What the hook reads of a tfjs AdamOptimizer (private fields of tfjs-core 4.x). */
interface OptimizerVariable {
  originalName: string;
  variable: Variable;
}
interface AdamLike {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: OptimizerVariable[];
  accumulatedSecondMoment: OptimizerVariable[];
  incrementIterations(): void;
}
type Gradients = NamedTensorMap | { name: string; tensor: Tensor }[];
type ApplyGradients = (this: AdamLike, variableGradients: Gradients) => void;

const HOOK_KEY = Symbol.for('@steth/tfjs-backend-native/adam-update');

const updateSwitch = processSwitch('adam-update-switch');

/**
 * Turns the fused Adam update on (the default) or off; off, AdamOptimizer
 * runs tfjs's op-by-op update on the native backend too (the same bits,
 * more kernel calls; for benchmarks).
 */
export function setNativeAdamUpdate(on: boolean): void {
  updateSwitch.on = on;
}

/**
 * Routes AdamOptimizer.applyGradients to the fused kernel on the native
 * backend (once a process). The fused path runs only when every variable and
 * gradient is float32; anything else calls tfjs's own method.
 */
export function registerAdamUpdate(): void {
  const proto = tf.AdamOptimizer.prototype as unknown as Record<symbol | string, unknown>;
  if (proto[HOOK_KEY] || typeof proto.applyGradients !== 'function') return;
  const original = proto.applyGradients as ApplyGradients;
  const applyGradients: ApplyGradients = function (this: AdamLike, variableGradients) {
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const gradientOf = (name: string, i: number): Tensor | undefined =>
      Array.isArray(variableGradients) ? variableGradients[i]?.tensor : variableGradients[name];
    const registered = tf.engine().registeredVariables;
    const eligible =
      updateSwitch.on &&
      tf.getBackend() === 'native' &&
      Array.isArray(this.accumulatedFirstMoment) &&
      Array.isArray(this.accumulatedSecondMoment) &&
      this.accBeta1 != null &&
      this.accBeta2 != null &&
      names.every((name, i) => {
        const value = registered[name];
        const g = gradientOf(name, i);
        return value?.dtype === 'float32' && (g == null || (g.dtype === 'float32' && g.size === value.size));
      });
    if (!eligible) return original.call(this, variableGradients);
    tf.tidy(() => {
      const inputs: NamedTensorMap = { accBeta1: this.accBeta1, accBeta2: this.accBeta2 };
      const targets: Variable[] = [];
      names.forEach((name, i) => {
        const value = registered[name]!;
        // As tfjs: moments created on first use, named after the variable, not trainable.
        this.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        this.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        const g = gradientOf(name, i);
        if (g == null) return;
        const k = targets.length / 3;
        const m = this.accumulatedFirstMoment[i]!.variable;
        const v = this.accumulatedSecondMoment[i]!.variable;
        inputs[`value${k}`] = value;
        inputs[`m${k}`] = m;
        inputs[`v${k}`] = v;
        inputs[`g${k}`] = g;
        targets.push(value, m, v);
      });
      if (targets.length > 0) {
        const attrs: NamedAttrMap = {
          count: targets.length / 3,
          beta1: this.beta1,
          beta2: this.beta2,
          epsilon: this.epsilon,
          learningRate: this.learningRate,
        };
        const outs = tf.engine().runKernel(ADAM_UPDATE, inputs, attrs) as Tensor[];
        targets.forEach((target, j) => {
          target.assign(outs[j]!);
        });
      }
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
    this.incrementIterations();
  };
  proto.applyGradients = applyGradients;
  proto[HOOK_KEY] = true;
}
