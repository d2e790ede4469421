/** `steth mnist-hints` is mounted and validates its options through the CLI's one error handler. */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

describe('steth mnist-hints', () => {
  it('shows its options in the help', async () => {
    const { stdout } = await run('node', [cli, 'mnist-hints', '--help']);
    for (const flag of [
      '--profile',
      '--variant',
      '--lambdas',
      '--qh',
      '--optimizer',
      '--lr',
      '--momentum',
      '--out',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('rejects a bad option with a message on stderr and exit code 1', async () => {
    const failure = await run('node', [cli, 'mnist-hints', '--profile', 'huge']).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toBe('steth: --profile must be one of quick, paper, got "huge"\n');
    expect(failure.stdout).toBe('');
  });
});
