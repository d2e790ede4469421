/**
 * Registers the `native` backend with TensorFlow.js: every `cpu` kernel is
 * copied to it, then the native overrides replace the hot ones (each falls
 * back to its `cpu` kernel for cases it does not handle). Also holds the
 * thread setting and the availability report `steth doctor` prints.
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
// Importing the cpu backend registers its kernels, which we copy.
import '@tensorflow/tfjs-backend-cpu';
import { adamUpdateKernel, registerAdamUpdate } from './adam-update';
import { loadAddon, type NativeIsa } from './addon';
import { batchNormGradKernels, registerBatchNormGradients } from './batch-norm-gradients';
import { fusedBatchNormKernel, tileKernel } from './batch-norm-kernels';
import { batchNormTrainingKernels, registerBatchNormTraining } from './batch-norm-training';
import { concatKernel, splitVKernel } from './concat-kernel';
import {
  conv2DBackpropFilterKernel,
  conv2DBackpropInputKernel,
  conv2DKernel,
  fusedConv2DKernel,
} from './conv-kernels';
import { binaryKernels, unaryKernels } from './elementwise-kernels';
import { gatherV2Kernel, transposeKernel } from './layout-kernels';
import { batchMatMulKernel, fusedMatMulKernel } from './matmul-kernels';
import { NativeBackend } from './native-backend';
import type { NativeKernel, NativeKernelArgs } from './native-kernel';
import { avgPoolGradKernel, avgPoolKernel, maxPoolGradKernel, maxPoolKernel } from './pool-kernels';
import { reduceKernels } from './reduce-kernels';
import { registerReluGradient, reluGradKernel } from './relu-gradient';

/** Name the backend registers under (`tf.setBackend('native')`). */
export const NATIVE_BACKEND_NAME = 'native';
/** Environment variable with the number of kernel threads (default: available cores). */
export const THREADS_ENV_VAR = 'STETH_THREADS';
/** Priority among tfjs backends: above `cpu` (1), below tfjs-node (3). */
export const NATIVE_BACKEND_PRIORITY = 2;

/** Every kernel the addon implements. */
export const NATIVE_KERNELS: readonly NativeKernel[] = [
  batchMatMulKernel,
  fusedMatMulKernel,
  conv2DKernel,
  conv2DBackpropInputKernel,
  conv2DBackpropFilterKernel,
  fusedConv2DKernel,
  maxPoolKernel,
  maxPoolGradKernel,
  avgPoolKernel,
  avgPoolGradKernel,
  ...binaryKernels,
  ...unaryKernels,
  ...reduceKernels,
  concatKernel,
  splitVKernel,
  fusedBatchNormKernel,
  tileKernel,
  transposeKernel,
  gatherV2Kernel,
  ...batchNormGradKernels,
  ...batchNormTrainingKernels,
  adamUpdateKernel,
  reluGradKernel,
];

/** Whether the backend can run here, and one line saying why (not). */
export interface NativeAvailability {
  available: boolean;
  reason: string;
}

/** What `steth doctor` shows about the backend. */
export interface NativeInfo extends NativeAvailability {
  /** Micro-kernel family in use; undefined when unavailable. */
  isa?: NativeIsa;
  /** Threads the kernels use; undefined when unavailable. */
  threads?: number;
}

function threadsFromEnv(env: Record<string, string | undefined>): number {
  const raw = env[THREADS_ENV_VAR];
  if (raw === undefined || raw.trim() === '') return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `$${THREADS_ENV_VAR} is "${raw}"; expected a positive integer number of threads. Unset it to use all ${availableParallelism()} cores.`,
    );
  }
  return n;
}

/** How often each override ran natively and how often it fell back to `cpu`. */
export interface KernelCounts {
  native: number;
  fallback: number;
  /** Milliseconds spent in the kernel while timing was on ({@link setNativeKernelTiming}). */
  ms: number;
}

/**
 * State shared by every copy of this module in the process (its ESM and CJS
 * builds may both be loaded): tfjs's kernel registry is global, so the
 * backend must be registered once.
 */
interface SharedState {
  timing: boolean;
  /** Milliseconds of deferred fills timed so far; a kernel that triggers one does not count it as its own. */
  deferredMs: number;
  registered: boolean;
  registerError?: string;
  counts: Map<string, KernelCounts>;
}
const STATE_KEY = Symbol.for('@steth/tfjs-backend-native');
const globalSlot = globalThis as unknown as Record<symbol, SharedState | undefined>;
const state: SharedState = globalSlot[STATE_KEY] ?? {
  timing: false,
  deferredMs: 0,
  registered: false,
  counts: new Map(),
};
globalSlot[STATE_KEY] = state;
const counts = state.counts;

/**
 * Turns per-kernel timing on or off (off by default). While on, every kernel
 * of the backend, native or copied from `cpu`, adds its wall time to
 * {@link nativeKernelCounts}; unlike `tf.profile` this reads no outputs, so
 * the buffer pool works as in a normal run.
 */
export function setNativeKernelTiming(on: boolean): void {
  state.timing = on;
}

function countsFor(name: string): KernelCounts {
  let c = counts.get(name);
  if (!c) {
    c = { native: 0, fallback: 0, ms: 0 };
    counts.set(name, c);
  }
  return c;
}

/** Runs a deferred output's fill; while timing, counts it under the kernel that deferred it. */
function runDeferredFill(kernelName: string, fill: () => void): void {
  if (!state.timing) {
    fill();
    return;
  }
  const t0 = performance.now();
  const d0 = state.deferredMs;
  fill();
  const ms = performance.now() - t0 - (state.deferredMs - d0);
  countsFor(kernelName).ms += ms;
  state.deferredMs += ms;
}

/** Per-kernel counts of native runs and `cpu` fallbacks since the last reset (for tests and profiling). */
export function nativeKernelCounts(reset = false): Record<string, KernelCounts> {
  const out = Object.fromEntries([...counts].map(([k, v]) => [k, { ...v }]));
  if (reset)
    for (const c of counts.values()) {
      c.native = 0;
      c.fallback = 0;
      c.ms = 0;
    }
  return out;
}

/**
 * Registers the backend (idempotent; called when the package is imported).
 * Never throws: when the addon is missing, the backend is not registered and
 * {@link nativeAvailability} says why.
 */
export function registerNativeBackend(): NativeAvailability {
  const load = loadAddon();
  if (!load.ok) return { available: false, reason: load.reason };
  if (state.registered || state.registerError) return nativeAvailability();
  try {
    load.addon.setThreads(threadsFromEnv(process.env));
  } catch (cause) {
    state.registerError = (cause as Error).message;
    return nativeAvailability();
  }
  const overridden = new Set(NATIVE_KERNELS.map((k) => k.kernelName));
  const cpuKernels = new Map(tf.getKernelsForBackend('cpu').map((k) => [k.kernelName, k]));
  for (const k of cpuKernels.values()) {
    if (overridden.has(k.kernelName)) continue;
    const count = countsFor(k.kernelName);
    const cpuFunc = k.kernelFunc;
    tf.registerKernel({
      ...k,
      backendName: NATIVE_BACKEND_NAME,
      kernelFunc: (args) => {
        if (!state.timing) return cpuFunc(args);
        const t0 = performance.now();
        const d0 = state.deferredMs;
        const out = cpuFunc(args);
        count.ms += performance.now() - t0 - (state.deferredMs - d0);
        count.fallback++;
        return out;
      },
    });
  }
  for (const k of NATIVE_KERNELS) {
    const cpu = cpuKernels.get(k.kernelName);
    const count = countsFor(k.kernelName);
    tf.registerKernel({
      kernelName: k.kernelName,
      backendName: NATIVE_BACKEND_NAME,
      kernelFunc: (args) => {
        const t0 = state.timing ? performance.now() : 0;
        const d0 = state.deferredMs;
        let out = k.kernelFunc(args as unknown as NativeKernelArgs);
        if (out !== undefined) count.native++;
        else {
          count.fallback++;
          if (!cpu) throw new Error(`The native backend has no fallback for kernel ${k.kernelName}.`);
          out = cpu.kernelFunc(args);
        }
        if (state.timing) count.ms += performance.now() - t0 - (state.deferredMs - d0);
        return out;
      },
    });
  }
  registerBatchNormGradients();
  registerBatchNormTraining();
  registerAdamUpdate();
  registerReluGradient();
  tf.registerBackend(
    NATIVE_BACKEND_NAME,
    () => new NativeBackend(load.addon, {}, { runDeferred: runDeferredFill }),
    NATIVE_BACKEND_PRIORITY,
  );
  state.registered = true;
  return nativeAvailability();
}

/** Whether the native backend can run here, and why (not). Loads the addon if needed; never throws. */
export function nativeAvailability(): NativeAvailability {
  const load = loadAddon();
  if (!load.ok) return { available: false, reason: load.reason };
  if (state.registerError) return { available: false, reason: state.registerError };
  const { isa, threads } = load.addon.info();
  return { available: true, reason: `C++ kernels (${isa}, ${threads} threads)` };
}

/** Availability plus the ISA and thread count in use, for `steth doctor`. */
export function nativeInfo(): NativeInfo {
  const availability = nativeAvailability();
  const load = loadAddon();
  if (!availability.available || !load.ok) return availability;
  return { ...availability, ...load.addon.info() };
}

/** Sets the number of kernel threads (>= 1); returns the number in use. */
export function setNativeThreads(threads: number): number {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`setNativeThreads(${threads}): expected a positive integer number of threads.`);
  }
  const load = loadAddon();
  if (!load.ok) throw new Error(`The native backend is unavailable: ${load.reason}`);
  return load.addon.setThreads(threads);
}

/**
 * Forces a micro-kernel family (for tests and benchmarks); `auto` picks the
 * fastest the CPU supports. Returns false if the CPU cannot run it.
 */
export function setNativeIsa(isa: NativeIsa | 'auto'): boolean {
  const load = loadAddon();
  if (!load.ok) throw new Error(`The native backend is unavailable: ${load.reason}`);
  return load.addon.setIsa(isa);
}
