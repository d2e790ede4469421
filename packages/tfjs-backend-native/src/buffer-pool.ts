/**
 * A pool of Float32Array output buffers keyed by length. On these machines
 * the first touch of freshly allocated memory costs about 3 ms per MiB, and
 * V8 frees ArrayBuffers only at GC, so a backend that allocates every output
 * anew measures page faults. Buffers come back when their tensor's data is
 * disposed, unless they "escaped": handed to user code (`dataSync`), or
 * shared with another tensor (a `slice` view, a `write` of the same memory).
 * Escaped buffers are never recycled, so no view ever aliases a reused
 * buffer. Not from the paper: it is what makes training steps fast.
 */

/** Options of {@link BufferPool}. */
export interface BufferPoolConfig {
  /** Most bytes kept in free lists; beyond it released buffers go to GC. Default 512 MiB. */
  maxFreeBytes?: number;
  /** Shortest buffer (in floats) worth pooling. Default 1024 (4 KiB, one page). */
  minLength?: number;
}

export interface BufferPoolStats {
  /** Bytes currently held in free lists. */
  freeBytes: number;
  /** Buffers handed out from a free list. */
  reused: number;
  /** Buffers newly allocated. */
  allocated: number;
}

export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly owned = new WeakSet<ArrayBufferLike>();
  private readonly escaped = new WeakSet<ArrayBufferLike>();
  private freeBytes = 0;
  private reused = 0;
  private allocated = 0;
  maxFreeBytes: number;
  readonly minLength: number;

  constructor(config: BufferPoolConfig = {}) {
    this.maxFreeBytes = config.maxFreeBytes ?? 512 * 1024 * 1024;
    this.minLength = config.minLength ?? 1024;
  }

  /** A buffer of `length` floats with unspecified contents (the caller overwrites all of it). */
  take(length: number): Float32Array {
    if (length < this.minLength) return new Float32Array(length);
    const list = this.free.get(length);
    const hit = list?.pop();
    if (hit) {
      this.freeBytes -= hit.byteLength;
      this.reused++;
      return hit;
    }
    const buf = new Float32Array(length);
    this.owned.add(buf.buffer);
    this.allocated++;
    return buf;
  }

  /** Marks the memory behind `values` as shared outside the pool's control. */
  markEscaped(values: unknown): void {
    if (ArrayBuffer.isView(values) && this.owned.has(values.buffer)) this.escaped.add(values.buffer);
  }

  /** Whether `values` is a pooled buffer that has not escaped. */
  isRecyclable(values: unknown): values is Float32Array {
    return (
      values instanceof Float32Array &&
      this.owned.has(values.buffer) &&
      !this.escaped.has(values.buffer) &&
      values.byteOffset === 0 &&
      values.byteLength === values.buffer.byteLength
    );
  }

  /** Returns a buffer whose tensor data was disposed. */
  release(values: unknown): void {
    if (!this.isRecyclable(values)) return;
    if (this.freeBytes + values.byteLength > this.maxFreeBytes) return;
    let list = this.free.get(values.length);
    if (!list) {
      list = [];
      this.free.set(values.length, list);
    }
    list.push(values);
    this.freeBytes += values.byteLength;
  }

  /** Drops every free buffer (they go to GC). */
  clear(): void {
    this.free.clear();
    this.freeBytes = 0;
  }

  stats(): BufferPoolStats {
    return { freeBytes: this.freeBytes, reused: this.reused, allocated: this.allocated };
  }
}
