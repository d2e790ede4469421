/** `steth doctor`: the Node version, the backend the loader picks and why, the others and why not, and the CPU. */
import { BACKEND_ENV_VAR, type BackendReport, loadBackend } from '@steth/core';
import type { Command } from 'commander';
import { type CpuInfo, readCpuInfo } from '../cpu-info';

export interface DoctorReport {
  node: string;
  platform: string;
  backend: BackendReport;
  cpu: CpuInfo;
}

export async function collectDoctorReport(): Promise<DoctorReport> {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    backend: await loadBackend(),
    cpu: readCpuInfo(),
  };
}

export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    `node       ${report.node} (${report.platform})`,
    `backend    ${report.backend.choice} (tfjs backend "${report.backend.backendName}"): ${report.backend.reason}`,
  ];
  for (const c of report.backend.candidates) {
    if (c.choice === report.backend.choice) continue;
    lines.push(`  ${c.available ? 'ok ' : 'no '} ${c.choice.padEnd(15)} ${c.reason}`);
  }
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
