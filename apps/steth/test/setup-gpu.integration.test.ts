/**
 * `steth setup gpu` runs tfjs-node-gpu's real install step; with its download pointed at a closed
 * loopback port (as no machine here reaches the internet), it fails with one line saying what it
 * tried, leaves the package folder as it was, and `steth doctor` still picks the same backend and
 * says why the GPU is not in use and which command enables it.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const gpuDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-node-gpu/package.json'));
/** The install script honours TFJS_NODE_BASE_URI; port 9 on loopback refuses at once. */
const offline = { ...process.env, TFJS_NODE_BASE_URI: 'http://127.0.0.1:9/libtensorflow-' };
const SETUP_TIMEOUT = 120_000;

interface Doctor {
  backend: { choice: string };
  gpu: { state: string; reason: string; enable?: string };
}

describe('steth setup gpu and doctor', () => {
  it(
    'fails with one line naming the download it tried, and changes nothing',
    async () => {
      const before = JSON.parse((await run('node', [cli, 'doctor', '--json'])).stdout) as Doctor;
      const packageJson = readFileSync(join(gpuDir, 'package.json'), 'utf8');
      const failure = await run('node', [cli, 'setup', 'gpu'], { env: offline }).catch((e) => e);
      expect(failure.code).toBe(1);
      const lines = (failure.stderr as string).trim().split('\n');
      expect(lines).toHaveLength(2); // what it runs, then the one error line
      expect(lines[0]).toBe(`steth setup gpu: running "node scripts/install.js gpu download" in ${gpuDir}`);
      expect(lines[1]).toBe(
        `steth: @tensorflow/tfjs-node-gpu's install step ("node scripts/install.js gpu download" in ${gpuDir}) failed: could not download libtensorflow from http://127.0.0.1:9/libtensorflow-gpu-linux-x86_64-2.9.1.tar.gz (ECONNREFUSED). It needs internet access, an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1; nothing was changed and the current backend stays in use (see steth doctor).`,
      );
      expect(readFileSync(join(gpuDir, 'package.json'), 'utf8')).toBe(packageJson);
      expect(existsSync(join(gpuDir, 'deps'))).toBe(false);
      expect(existsSync(join(gpuDir, 'lib'))).toBe(false);
      const after = JSON.parse((await run('node', [cli, 'doctor', '--json'])).stdout) as Doctor;
      expect(after.backend.choice).toBe(before.backend.choice);
      expect(after.gpu).toMatchObject({ state: 'binding-not-built' });
    },
    SETUP_TIMEOUT,
  );

  it('says in doctor why the GPU backend is not in use and which command enables it', async () => {
    const { stdout } = await run('node', [cli, 'doctor']);
    expect(stdout).toMatch(
      /^gpu {8}not in use: @tensorflow\/tfjs-node-gpu is installed but its binding was not built/m,
    );
    expect(stdout).toMatch(/^ {11}to enable: steth setup gpu \(needs internet access/m);
    expect(stdout).toMatch(
      /^ {11}cuda libraries: libcudart\.so\.11\.0 (not )?found, libcudnn\.so\.8 (not )?found$/m,
    );
  });
});
