/**
 * Test helpers for tensor code, shared by every Steth package's tests
 * (`import { expectTensorsClose } from '@steth/core/testing'`). They throw
 * errors with a readable message (`Error`, and the `StethError`
 * `TensorLeakError` for leaks), so they work under any test runner and need
 * no test framework at run time. The one leak check of the monorepo.
 */
import { StethError } from '@steth/errors';
import * as tf from '@tensorflow/tfjs';

/** Something that holds numbers: a tensor, a typed array, a (nested) array or a number. */
export type NumericLike = tf.Tensor | ArrayLike<number> | number | NumericLike[];

export interface CloseOptions {
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance, times |expected| (default 1e-5). */
  rtol?: number;
}

function flatten(value: NumericLike): { values: number[]; shape: number[] | undefined } {
  if (value instanceof tf.Tensor) return { values: Array.from(value.dataSync()), shape: value.shape };
  if (typeof value === 'number') return { values: [value], shape: undefined };
  const out: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'number') out.push(v);
    else if (v instanceof tf.Tensor) out.push(...v.dataSync());
    else for (const item of Array.from(v as ArrayLike<unknown>)) walk(item);
  };
  walk(value);
  return { values: out, shape: undefined };
}

/**
 * Throws unless `actual` and `expected` have the same shape (when both are
 * tensors) and the same number of elements, each within
 * `atol + rtol * |expected|`. NaN matches only NaN.
 */
export function expectTensorsClose(
  actual: NumericLike,
  expected: NumericLike,
  options: CloseOptions = {},
): void {
  const { atol = 1e-5, rtol = 1e-5 } = options;
  const a = flatten(actual);
  const e = flatten(expected);
  if (a.shape && e.shape && !tf.util.arraysEqual(a.shape, e.shape)) {
    throw new Error(`expectTensorsClose: shapes differ: actual [${a.shape}] vs expected [${e.shape}].`);
  }
  if (a.values.length !== e.values.length) {
    throw new Error(
      `expectTensorsClose: sizes differ: actual has ${a.values.length} values, expected ${e.values.length}.`,
    );
  }
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i]!;
    const y = e.values[i]!;
    if (Number.isNaN(y) && Number.isNaN(x)) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) {
      throw new Error(
        `expectTensorsClose: element ${i} is ${x}, expected ${y} (|diff| ${Math.abs(x - y)} > ${atol} + ${rtol} * |expected|).`,
      );
    }
  }
}

/** A function under test left tensors allocated (thrown by {@link expectNoLeakedTensors}). */
export class TensorLeakError extends StethError {
  override name = 'TensorLeakError';
}

export interface LeakOptions {
  /** Tensors the function may legitimately leave behind, e.g. its returned tensors (default 0). */
  allowed?: number;
  /** What `fn` does, to name it in the error message (default `the function`). */
  what?: string;
}

/**
 * Runs `fn` (sync or async) and throws a {@link TensorLeakError} if it
 * leaves more tensors alive (`tf.memory().numTensors`) than `allowed`.
 * Returns what `fn` returned; a sync `fn` is checked synchronously.
 */
export function expectNoLeakedTensors<T>(fn: () => Promise<T>, options?: LeakOptions): Promise<T>;
export function expectNoLeakedTensors<T>(fn: () => T, options?: LeakOptions): T;
export function expectNoLeakedTensors<T>(
  fn: () => T | Promise<T>,
  options: LeakOptions = {},
): T | Promise<T> {
  const { allowed = 0, what = 'the function' } = options;
  const before = tf.memory().numTensors;
  const check = () => {
    const after = tf.memory().numTensors;
    if (after - before > allowed) {
      throw new TensorLeakError(
        `expectNoLeakedTensors: ${what} leaked ${after - before} tensor(s), ${allowed} allowed ` +
          `(tf.memory().numTensors went from ${before} to ${after}). Wrap intermediate work in tf.tidy() and ` +
          'dispose what tf.tidy() cannot track (gradients, optimizer results).',
      );
    }
  };
  const result = fn();
  if (result instanceof Promise) {
    return result.then((value) => {
      check();
      return value;
    });
  }
  check();
  return result;
}
