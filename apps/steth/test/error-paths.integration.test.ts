/**
 * Every command through its error paths, as a user meets them: the built
 * binary, exit code 1, and stderr holding one line that names what was
 * wrong, never a stack trace. The read-only and full-disk cases mount small
 * tmpfs folders and run only where that is allowed (root on Linux).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const env = { ...process.env, STETH_BACKEND: '', STETH_THREADS: '', STETH_DEBUG: '' };
const TIMEOUT_MS = 120_000;

const root = mkdtempSync(join(tmpdir(), 'steth-error-paths-'));
const file = join(root, 'a-file');
writeFileSync(file, 'x');

/** Runs `steth ...args`, expects failure, and returns its one stderr line. */
async function failLine(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  const failure = await run('node', [cli, ...args], {
    env: { ...env, ...extraEnv },
    timeout: TIMEOUT_MS,
  }).then(
    (ok) => ({ code: 0, stderr: ok.stderr }),
    (e: { code: number; stderr: string }) => e,
  );
  expect(failure.code, failure.stderr).toBe(1);
  expect(failure.stderr).not.toMatch(/^\s+at /m);
  const lines = failure.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, failure.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^steth: /);
  return lines[0]!;
}

/** Mounts a tmpfs (read-only, or tiny) where allowed; undefined elsewhere. */
function mountTmpfs(options: string): string | undefined {
  const dir = mkdtempSync(join(root, 'mnt-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return undefined;
  }
}
const canMount = process.platform === 'linux' && process.getuid?.() === 0;
const readOnly = canMount ? mountTmpfs('ro,size=64k') : undefined;
const full = canMount ? mountTmpfs('size=96k') : undefined;
afterAll(() => {
  for (const dir of [readOnly, full]) if (dir) execFileSync('umount', [dir]);
  rmSync(root, { recursive: true, force: true });
});
const manyWorkers = String(availableParallelism() + 1);

describe('doctor and demo', () => {
  it('a bad STETH_BACKEND or STETH_THREADS, or a bad option', async () => {
    expect(await failLine(['doctor'], { STETH_BACKEND: 'nonsense' })).toMatch(
      /Unknown backend "nonsense" \(from \$STETH_BACKEND\)/,
    );
    expect(await failLine(['doctor'], { STETH_THREADS: 'lots' })).toMatch(
      /\$STETH_THREADS is "lots"; expected a positive integer/,
    );
    expect(await failLine(['demo', '--steps', '-3'])).toMatch(/--steps must be a positive integer/);
  });
});

describe('gen towers', () => {
  const gen = (out: string, ...args: string[]) =>
    failLine(['gen', 'towers', '--out', out, '--no-progress', ...args]);
  const small = ['--count', '2', '--image-size', '16', '--cameras', '0', '--workers', '0', '--no-simulate'];

  it('bad output folders and options', { timeout: TIMEOUT_MS }, async () => {
    expect(await gen(file)).toMatch(/Cannot write to the output folder ".*a-file": .*is not a folder/);
    expect(await gen(join(file, 'sub'))).toMatch(/Cannot write to the output folder ".*a-file\/sub"/);
    expect(await gen(join(root, 'g'), '--count', '0')).toMatch(/count must be a positive integer, got 0/);
    expect(await gen(join(root, 'g'), '--cameras', '0,0')).toMatch(/cameras lists a camera twice \(0, 0\)/);
    expect(await gen(join(root, 'g'), '--workers', manyWorkers)).toMatch(
      new RegExp(`--workers ${manyWorkers} is more than the \\d+ cores`),
    );
  });

  it('a resume with other settings, a smaller count, or a corrupt config.json', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const out = join(root, 'resume');
    await run('node', [cli, 'gen', 'towers', '--out', out, '--no-progress', ...small], { env });
    expect(await gen(out, ...small, '--framing', 'close-up')).toMatch(
      /holds a dataset made with other settings .*renderer "renderTower" -> "renderTowerCloseUp"/,
    );
    expect(await gen(out, ...small.slice(2), '--count', '1')).toMatch(/count 2 -> 1 \(a smaller count/);
    writeFileSync(join(out, 'meta', 'config.json'), '{"version": 2, "se');
    expect(await gen(out, ...small)).toMatch(
      /meta\/config\.json is corrupt \(.*\): .*Delete the dataset folder and rerun/,
    );
  });

  it.skipIf(!readOnly || !full)(
    'a read-only file system and a full disk',
    { timeout: TIMEOUT_MS },
    async () => {
      expect(await gen(join(readOnly!, 'd'))).toMatch(/EROFS/);
      expect(
        await gen(join(full!, 'd'), '--count', '8', '--image-size', '64', '--workers', '1', '--no-simulate'),
      ).toMatch(/^steth: cannot write .*\.png: no space left on the device; .* \(ENOSPC\)$/);
    },
  );
});

describe('mnist-hints', () => {
  const mnist = (...args: string[]) => failLine(['mnist-hints', '--no-progress', ...args]);

  it('an output path under a file, bad options, a corrupt config.json', { timeout: TIMEOUT_MS }, async () => {
    expect(await mnist('--out', file)).toMatch(
      /^steth: cannot create the folder .*a-file.*\((ENOTDIR|EEXIST)\)$/,
    );
    expect(await mnist('--out', join(file, 'sub'))).toMatch(
      /cannot create the folder .*a-file\/sub.*: a part of the path is a file, not a folder; .*\(ENOTDIR\)$/,
    );
    expect(await mnist('--backend', 'nonsense')).toMatch(
      /--backend must be one of auto, tensorflow-gpu, tensorflow, native, cpu, got "nonsense"/,
    );
    expect(await mnist('--workers', manyWorkers)).toMatch(/is more than the \d+ cores/);
    const out = join(root, 'mnist');
    mkdirSync(join(out, 'variant-1'), { recursive: true });
    writeFileSync(join(out, 'variant-1', 'config.json'), '{"settings": {"epo');
    expect(await mnist('--out', out)).toMatch(
      /variant-1\/config\.json is corrupt \(.*\); it records the sweep's settings\. Delete it and rerun/,
    );
  });

  it.skipIf(!readOnly)('a read-only file system', async () => {
    expect(await mnist('--out', join(readOnly!, 'm'))).toMatch(
      /cannot create the folder .*: the file system is read-only; .*\(EROFS\)$/,
    );
  });
});

describe('reproduce', () => {
  const reproduce = (...args: string[]) => failLine(['reproduce', 'fig3', '--no-progress', ...args]);

  it('output and data paths under a file, a mismatched or corrupt rendering.json', {
    timeout: TIMEOUT_MS,
  }, async () => {
    expect(await reproduce('--out', file)).toMatch(
      /cannot create the folder .*a-file.*\((EEXIST|ENOTDIR)\)$/,
    );
    expect(await reproduce('--out', join(root, 'r'), '--data', join(file, 'sub'))).toMatch(
      /a-file\/sub.*a part of the path is a file, not a folder; .*\(ENOTDIR\)$/,
    );
    expect(await reproduce('--workers', manyWorkers)).toMatch(/is more than the \d+ cores/);
    const data = join(root, 'towers');
    mkdirSync(data, { recursive: true });
    writeFileSync(
      join(data, 'rendering.json'),
      JSON.stringify({ imageSize: 999, cameras: [1], framing: 'x' }),
    );
    expect(await reproduce('--out', join(root, 'r'), '--data', data)).toMatch(
      /rendering\.json: the towers in .* were rendered with other settings than this run needs: imageSize 999 -> /,
    );
    writeFileSync(join(data, 'rendering.json'), '{"imageSize"');
    expect(await reproduce('--out', join(root, 'r'), '--data', data)).toMatch(
      /rendering\.json is corrupt \(.*\); .*Delete the dataset folder and rerun/,
    );
  });

  it.skipIf(!readOnly)('a read-only file system', async () => {
    expect(await reproduce('--out', join(readOnly!, 'r'))).toMatch(/\(EROFS\)$/);
  });
});
