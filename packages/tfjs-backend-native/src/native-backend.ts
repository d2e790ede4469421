/**
 * The `native` TensorFlow.js backend: tfjs's `cpu` backend (same tensor
 * storage, same kernels for everything not overridden) plus a pool for the
 * output buffers of native kernels (see buffer-pool.ts for the aliasing rule)
 * and deferred outputs: values computed when first read, and never if the
 * tensor is disposed unread (see {@link NativeBackend.deferOutput}).
 * Not from the paper: it is the engine that trains its networks on a CPU.
 */
import type { DataId, DataType, TensorInfo } from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon';
import { BufferPool, type BufferPoolConfig } from './buffer-pool';

type Values = Parameters<MathBackendCPU['write']>[0];

/** Hooks the registration gives the backend (kernel timing). */
export interface NativeBackendHooks {
  /** Runs the fill of a deferred output of the named kernel (and may time it). */
  runDeferred?(kernelName: string, fill: () => void): void;
}

const NO_VALUES = new Float32Array(0);

export class NativeBackend extends MathBackendCPU {
  readonly pool: BufferPool;
  /** Deferred outputs not yet computed, each with the inputs it holds. */
  private readonly deferred = new Map<DataId, DataId[]>();
  /** What some deferred outputs were made from, for a kernel that can fuse them (see {@link pendingRecipe}). */
  private readonly recipes = new Map<DataId, unknown>();

  constructor(
    readonly addon: NativeAddon,
    poolConfig: BufferPoolConfig = {},
    private readonly hooks: NativeBackendHooks = {},
  ) {
    super();
    this.pool = new BufferPool(poolConfig);
    // The cpu backend prints an "install tfjs-node" banner on first write.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  override write(values: Values, shape: number[], dtype: DataType): DataId {
    this.pool.markEscaped(values);
    return super.write(values, shape, dtype);
  }

  override move(dataId: DataId, values: Values, shape: number[], dtype: DataType, refCount: number): void {
    this.pool.markEscaped(values);
    this.releaseHolds(dataId);
    super.move(dataId, values, shape, dtype, refCount);
  }

  override readSync(dataId: DataId): Values {
    const stored = this.data.get(dataId);
    if (stored) this.pool.markEscaped(stored.values);
    return super.readSync(dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    // Reading a deferred output's values would compute them: check first.
    const pending = this.deferred.has(dataId);
    const values = !pending && this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (!this.data.has(dataId)) {
      if (pending) this.releaseHolds(dataId);
      else if (values !== undefined) this.pool.release(values);
    }
    return released;
  }

  /**
   * A new float32 tensor whose values `fill` computes on first read (by a
   * kernel, `dataSync`, anything that reads the backend's storage); if it is
   * disposed unread, `fill` never runs. Until then the tensor holds a
   * reference on each of `inputs`, so their buffers are neither freed nor
   * reused, and `fill` reads what the kernel saw: the result is the same bit
   * for bit as computing at once. tfjs computes some gradients nobody uses,
   * such as the input gradient of a network's first convolution (fused
   * convolutions return every input's gradient eagerly); those are deferred.
   * A `recipe` (what `fill` computes from) lets the next kernel fuse the
   * output into its own pass without computing it (see {@link pendingRecipe}).
   */
  deferOutput(
    kernelName: string,
    shape: number[],
    inputs: readonly TensorInfo[],
    fill: (values: Float32Array) => void,
    recipe?: unknown,
  ): TensorInfo {
    let size = 1;
    for (const d of shape) size *= d;
    const dataId = super.write(NO_VALUES, shape, 'float32');
    const entry = this.data.get(dataId);
    const holds = inputs.map((t) => t.dataId);
    for (const id of holds) this.incRef(id);
    this.deferred.set(dataId, holds);
    if (recipe !== undefined) this.recipes.set(dataId, recipe);
    const settle = (values: Values) => {
      Object.defineProperty(entry, 'values', {
        value: values,
        writable: true,
        enumerable: true,
        configurable: true,
      });
      this.releaseHolds(dataId);
    };
    Object.defineProperty(entry, 'values', {
      enumerable: true,
      configurable: true,
      get: () => {
        const values = this.pool.take(size);
        const run = () => fill(values);
        if (this.hooks.runDeferred) this.hooks.runDeferred(kernelName, run);
        else run();
        settle(values);
        return values;
      },
      set: settle,
    });
    return { dataId, shape, dtype: 'float32' };
  }

  /**
   * The recipe a deferred output was made with, while its values are not
   * computed yet; undefined otherwise. Reading the tensor's values would
   * compute them: a kernel asks this first.
   */
  pendingRecipe(t: TensorInfo): unknown {
    return this.deferred.has(t.dataId) ? this.recipes.get(t.dataId) : undefined;
  }

  /** Number of deferred outputs not computed yet (for tests). */
  pendingDeferred(): number {
    return this.deferred.size;
  }

  private releaseHolds(dataId: DataId): void {
    const holds = this.deferred.get(dataId);
    if (!holds) return;
    this.deferred.delete(dataId);
    this.recipes.delete(dataId);
    for (const id of holds) this.disposeData(id);
  }

  /** Float32Array values of a tensor stored here, or undefined if it is not a plain float32 tensor. */
  f32(t: TensorInfo): Float32Array | undefined {
    if (t.dtype !== 'float32') return undefined;
    const v = this.data.get(t.dataId)?.values;
    return v instanceof Float32Array ? v : undefined;
  }

  /** A new float32 tensor backed by a pooled buffer the caller fills completely. */
  allocOutput(shape: number[]): { info: TensorInfo; values: Float32Array } {
    let size = 1;
    for (const d of shape) size *= d;
    const values = this.pool.take(size);
    const dataId = super.write(values, shape, 'float32');
    return { info: { dataId, shape, dtype: 'float32' }, values };
  }

  override dispose(): void {
    this.deferred.clear();
    this.recipes.clear();
    this.pool.clear();
    super.dispose();
  }
}
