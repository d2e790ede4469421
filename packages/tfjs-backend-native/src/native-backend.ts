/**
 * The `native` TensorFlow.js backend: tfjs's `cpu` backend (same tensor
 * storage, same kernels for everything not overridden) plus a pool for the
 * output buffers of native kernels. See buffer-pool.ts for the aliasing rule.
 * Not from the paper: it is the engine that trains its networks on a CPU.
 */
import type { DataId, DataType, TensorInfo } from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon';
import { BufferPool, type BufferPoolConfig } from './buffer-pool';

type Values = Parameters<MathBackendCPU['write']>[0];

export class NativeBackend extends MathBackendCPU {
  readonly pool: BufferPool;

  constructor(
    readonly addon: NativeAddon,
    poolConfig: BufferPoolConfig = {},
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
    super.move(dataId, values, shape, dtype, refCount);
  }

  override readSync(dataId: DataId): Values {
    const stored = this.data.get(dataId);
    if (stored) this.pool.markEscaped(stored.values);
    return super.readSync(dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (values !== undefined && !this.data.has(dataId)) this.pool.release(values);
    return released;
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
    this.pool.clear();
    super.dispose();
  }
}
