/**
 * Why the GPU backend (`@tensorflow/tfjs-node-gpu`, used for the paper's
 * full-size Inception-v4 runs of Section 4) is or is not in use, and the one
 * command that enables it: not installed, installed without its binding
 * (libtensorflow was not downloaded: `steth setup gpu`), binding built but
 * CUDA 11.2 / cuDNN 8.1 libraries not found, or in use. Read by
 * `steth doctor`; imports nothing of tfjs-node-gpu.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendReport } from '@steth/core/node';

/** The GPU backend's package. */
export const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
/** The command that runs its install step (downloads libtensorflow and its binding). */
export const SETUP_GPU_COMMAND = 'steth setup gpu';
/** The shared libraries tfjs-node-gpu 4.22 (libtensorflow 2.9.1) loads: CUDA 11.2 and cuDNN 8.1. */
export const CUDA_LIBRARIES = ['libcudart.so.11.0', 'libcudnn.so.8'] as const;

/** The GPU backend's state. */
export interface GpuStatus {
  /** `in-use`, `not-installed`, `binding-not-built`, `cuda-missing`, `not-chosen` (forced to another backend) or `failed`. */
  state: 'in-use' | 'not-installed' | 'binding-not-built' | 'cuda-missing' | 'not-chosen' | 'failed';
  /** Why, in a sentence. */
  reason: string;
  /** The command that enables it (absent when in use). */
  enable?: string;
  /** The CUDA/cuDNN libraries the dynamic linker knows of (ldconfig), by name: found or not. */
  cudaLibraries: Record<string, boolean>;
}

/** Which of the CUDA libraries `ldconfig -p` lists, or that sit on LD_LIBRARY_PATH. */
export function findCudaLibraries(): Record<string, boolean> {
  let cache = '';
  try {
    cache = execFileSync('ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    try {
      cache = execFileSync('/sbin/ldconfig', ['-p'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      // no ldconfig: only LD_LIBRARY_PATH is looked at
    }
  }
  const paths = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  return Object.fromEntries(
    CUDA_LIBRARIES.map((lib) => [
      lib,
      cache.includes(lib) || paths.some((dir) => existsSync(join(dir, lib))),
    ]),
  );
}

/** Reads the GPU backend's state from the loader's report. */
export function gpuStatus(
  backend: BackendReport,
  cudaLibraries: Record<string, boolean> = findCudaLibraries(),
): GpuStatus {
  const missing = Object.entries(cudaLibraries)
    .filter(([, found]) => !found)
    .map(([lib]) => lib);
  const cudaHint = `CUDA 11.2 and cuDNN 8.1 (${CUDA_LIBRARIES.join(', ')}) on the library path`;
  if (backend.choice === 'tensorflow-gpu') {
    return { state: 'in-use', reason: `${GPU_PACKAGE} is the backend in use`, cudaLibraries };
  }
  const gpu = backend.candidates.find((c) => c.choice === 'tensorflow-gpu');
  const reason = gpu?.reason ?? `${GPU_PACKAGE} was not probed`;
  if (!gpu || /is not installed/.test(reason)) {
    return {
      state: 'not-installed',
      reason: `${GPU_PACKAGE} is not installed`,
      enable: `pnpm --filter @steth/cli add ${GPU_PACKAGE}@4.22.0 && ${SETUP_GPU_COMMAND}`,
      cudaLibraries,
    };
  }
  if (/without its native binding/.test(reason)) {
    return {
      state: 'binding-not-built',
      reason: `${GPU_PACKAGE} is installed but its binding was not built (its install step, which downloads libtensorflow 2.9.1, did not run: pnpm's allowBuilds turns it off)`,
      enable: `${SETUP_GPU_COMMAND} (needs internet access, an NVIDIA GPU and ${cudaHint})`,
      cudaLibraries,
    };
  }
  if (
    /lib(cud|cublas|cufft|curand|cusolver|cusparse|nvinfer)\S*\.so/.test(reason) ||
    (gpu.available === false && missing.length > 0 && /failed to load/.test(reason))
  ) {
    return {
      state: 'cuda-missing',
      reason: `the binding is built but the CUDA libraries were not found (${missing.length > 0 ? `missing: ${missing.join(', ')}` : reason})`,
      enable: `install ${cudaHint}, e.g. export LD_LIBRARY_PATH=/usr/local/cuda-11.2/lib64:$LD_LIBRARY_PATH`,
      cudaLibraries,
    };
  }
  if (gpu.available) {
    return {
      state: 'not-chosen',
      reason: `${GPU_PACKAGE} is ready but another backend was forced (${backend.reason})`,
      enable: 'STETH_BACKEND=tensorflow-gpu (or leave STETH_BACKEND unset)',
      cudaLibraries,
    };
  }
  return { state: 'failed', reason, enable: SETUP_GPU_COMMAND, cudaLibraries };
}
