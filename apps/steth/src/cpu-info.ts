/** What `steth doctor` reports about the processor: model, SIMD features and usable threads. */
import { readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus } from 'node:os';

export interface CpuInfo {
  model: string;
  arch: string;
  /** The SIMD features that matter for the native backend's kernels. */
  features: string[];
  /** Threads this process may use (`os.availableParallelism()`). */
  threads: number;
}

const INTERESTING = [
  'sse4_2',
  'avx',
  'avx2',
  'fma',
  'avx512f',
  'avx512bw',
  'avx512vl',
  'asimd',
  'neon',
  'sve',
];

export function readCpuInfo(): CpuInfo {
  let flags: string[] = [];
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const line = text.split('\n').find((l) => /^(flags|Features)\s*:/.test(l));
    if (line) flags = line.split(':')[1]!.trim().split(/\s+/);
  } catch {
    // not Linux: features unknown
  }
  return {
    model: cpus()[0]?.model ?? 'unknown',
    arch: arch(),
    features: INTERESTING.filter((f) => flags.includes(f)),
    threads: availableParallelism(),
  };
}
