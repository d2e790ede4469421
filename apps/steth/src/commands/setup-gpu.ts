/**
 * `steth setup gpu`: runs `@tensorflow/tfjs-node-gpu`'s own install step
 * (the `install` script of its package.json: it downloads libtensorflow
 * 2.9.1 for GPU and the prebuilt binding), which pnpm's `allowBuilds` turns
 * off at install time, so the paper's full-size runs (Section 4,
 * Inception-v4 at 224 px) can use a CUDA GPU. Where the step fails (no
 * internet access, as on the machines this project is built on), it puts
 * back what the step changed in the package's folder and ends with one line
 * saying what it tried; the backend in use stays as it was.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StethError } from '@steth/core';
import { probeBackends } from '@steth/core/node';
import type { Command } from 'commander';
import { GPU_PACKAGE } from '../gpu-status';

/** What `steth setup gpu` did. */
export interface SetupGpuResult {
  packageDir: string;
  /** The install script it ran. */
  command: string;
  /** Whether the binding (`lib/napi-v*\/tfjs_binding.node`) is there afterwards. */
  bindingBuilt: boolean;
}

/** Thrown when tfjs-node-gpu's install step fails; its message is the one line to show. */
export class GpuSetupError extends StethError {
  override name = 'GpuSetupError';
}

function hasBinding(packageDir: string): boolean {
  const lib = join(packageDir, 'lib');
  return existsSync(lib) && readdirSync(lib).some((sub) => existsSync(join(lib, sub, 'tfjs_binding.node')));
}

/** The first thing of note in the install step's output: the download it tried and how it failed. */
export function summariseInstallFailure(output: string, exitCode: number | null): string {
  const url = /(https?:\/\/\S+\.(?:tar\.gz|zip))/.exec(output)?.[1];
  const code = /code: '([A-Z_]+)'/.exec(output)?.[1] ?? /\b(E[A-Z]{3,}(?:_[A-Z]+)*)\b/.exec(output)?.[1];
  const host = /hostname: '([^']+)'/.exec(output)?.[1];
  const gyp = /node-pre-gyp install failed with error: (.*)/.exec(output)?.[1];
  if (url) {
    return `could not download libtensorflow from ${url}${code ? ` (${code}${host ? ` for ${host}` : ''})` : ''}`;
  }
  if (gyp) return `node-pre-gyp could not fetch or build the binding: ${gyp.trim()}`;
  const last = output.trim().split('\n').filter(Boolean).pop();
  return `it exited with ${exitCode === null ? 'a signal' : `code ${exitCode}`}${last ? `: ${last.trim()}` : ''}`;
}

/** Runs tfjs-node-gpu's install script in its package folder; restores the folder if it fails. */
export async function setupGpu(
  options: { packageDir?: string; timeoutMs?: number; verbose?: boolean } = {},
): Promise<SetupGpuResult> {
  const packageDir =
    options.packageDir ??
    (await probeBackends()).find((status) => status.packageName === GPU_PACKAGE)?.packageDir;
  if (!packageDir) {
    throw new GpuSetupError(
      `${GPU_PACKAGE} is not installed; add it first (pnpm --filter @steth/cli add ${GPU_PACKAGE}@4.22.0), then run steth setup gpu again.`,
    );
  }
  const packageJsonPath = join(packageDir, 'package.json');
  const packageJson = readFileSync(packageJsonPath, 'utf8');
  const command = (JSON.parse(packageJson) as { scripts?: { install?: string } }).scripts?.install;
  if (!command) {
    throw new GpuSetupError(`${packageJsonPath} has no install script to run.`);
  }
  const created = ['deps', 'lib'].filter((d) => !existsSync(join(packageDir, d)));
  const binDir = join(packageDir, 'node_modules', '.bin');
  process.stderr.write(`steth setup gpu: running "${command}" in ${packageDir}\n`);
  let output = '';
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn(command, {
      cwd: packageDir,
      shell: true,
      env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.verbose) process.stderr.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => {
      output += `\n${error.message}`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  const bindingBuilt = hasBinding(packageDir);
  if (exitCode === 0 && bindingBuilt) return { packageDir, command, bindingBuilt };
  // Put the folder back as it was: the script rewrites package.json while it builds, and
  // leaves an empty deps/ behind when the download fails.
  if (readFileSync(packageJsonPath, 'utf8') !== packageJson) writeFileSync(packageJsonPath, packageJson);
  for (const dir of created) rmSync(join(packageDir, dir), { recursive: true, force: true });
  throw new GpuSetupError(
    `${GPU_PACKAGE}'s install step ("${command}" in ${packageDir}) failed: ${summariseInstallFailure(output, exitCode)}. It needs internet access, an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1; nothing was changed and the current backend stays in use (see steth doctor).`,
  );
}

export function registerSetupGpu(program: Command): void {
  const setup = program.command('setup').description('Install optional parts of Steth');
  setup
    .command('gpu')
    .description(
      `Run ${GPU_PACKAGE}'s install step (download libtensorflow 2.9.1 for GPU and its binding; pnpm skips it at install)`,
    )
    .option('--verbose', "show the install step's own output")
    .action(async (options: { verbose?: boolean }) => {
      const result = await setupGpu({ verbose: options.verbose === true });
      process.stdout.write(
        `GPU binding built in ${result.packageDir}; steth doctor should now show the tensorflow-gpu backend (it needs CUDA 11.2 and cuDNN 8.1 on the library path).\n`,
      );
    });
}
