/**
 * `steth doctor`: the Node version, the backend the loader picks and why, the others and why not,
 * the GPU backend's state with the command that enables it, and the CPU.
 */
import { BACKEND_ENV_VAR, type BackendReport, loadBackend } from '@steth/core/node';
import type { Command } from 'commander';
import { type CpuInfo, readCpuInfo } from '../cpu-info';
import { type GpuStatus, gpuStatus } from '../gpu-status';

/** The native backend's kernel set and threads, when it is the chosen backend. */
export interface NativeBackendInfo {
  /** Micro-kernel family in use: avx512, avx2 or portable. */
  isa: string;
  /** Threads its kernels use (`STETH_THREADS`, default all cores). */
  threads: number;
}

export interface DoctorReport {
  node: string;
  platform: string;
  backend: BackendReport;
  cpu: CpuInfo;
  gpu: GpuStatus;
  native?: NativeBackendInfo;
}

// In a variable so the bundler leaves the optional package alone.
const NATIVE_PACKAGE = '@steth/tfjs-backend-native';

async function readNativeInfo(): Promise<NativeBackendInfo | undefined> {
  try {
    const mod = (await import(NATIVE_PACKAGE)) as {
      nativeInfo?: () => { available: boolean; isa?: string; threads?: number };
    };
    const info = mod.nativeInfo?.();
    if (!info?.available || info.isa === undefined || info.threads === undefined) return undefined;
    return { isa: info.isa, threads: info.threads };
  } catch {
    return undefined;
  }
}

export async function collectDoctorReport(): Promise<DoctorReport> {
  const backend = await loadBackend();
  const report: DoctorReport = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    backend,
    cpu: readCpuInfo(),
    gpu: gpuStatus(backend),
  };
  if (backend.choice === 'native') {
    const native = await readNativeInfo();
    if (native) report.native = native;
  }
  return report;
}

export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    `node       ${report.node} (${report.platform})`,
    `backend    ${report.backend.choice} (tfjs backend "${report.backend.backendName}"): ${report.backend.reason}`,
  ];
  if (report.native) {
    lines.push(`kernels    ${report.native.isa}, ${report.native.threads} threads (set with STETH_THREADS)`);
  }
  for (const c of report.backend.candidates) {
    if (c.choice === report.backend.choice) continue;
    lines.push(`  ${c.available ? 'ok ' : 'no '} ${c.choice.padEnd(15)} ${c.reason}`);
  }
  const cuda = Object.entries(report.gpu.cudaLibraries)
    .map(([lib, found]) => `${lib} ${found ? 'found' : 'not found'}`)
    .join(', ');
  lines.push(
    report.gpu.state === 'in-use'
      ? `gpu        in use (${cuda})`
      : `gpu        not in use: ${report.gpu.reason}`,
  );
  if (report.gpu.enable) lines.push(`           to enable: ${report.gpu.enable}`);
  if (report.gpu.state !== 'in-use') lines.push(`           cuda libraries: ${cuda}`);
  lines.push(`cpu        ${report.cpu.model} (${report.cpu.arch})`);
  lines.push(`features   ${report.cpu.features.join(' ') || 'none detected'}`);
  lines.push(`threads    ${report.cpu.threads}`);
  lines.push(`force a backend with ${BACKEND_ENV_VAR}=tensorflow-gpu|tensorflow|native|cpu`);
  return lines.join('\n');
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Show the Node version, the TensorFlow.js backend chosen and why, and the CPU')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await collectDoctorReport();
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDoctorReport(report)}\n`,
      );
    });
}
