import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runStandaloneCommand } from './standalone-command';

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** A stand-in for an app's `registerXCommand`: one argument, one option. */
function registerEcho(seen: unknown[]) {
  return (program: Command, name: string) =>
    program
      .command(name)
      .argument('<figure>')
      .option('--seeds <n>')
      .action(async (figure: string, options: { seeds?: string }) => {
        if (figure === 'bad') throw new Error('no figure "bad"');
        seen.push([figure, options]);
      });
}

describe('runStandaloneCommand', () => {
  it("hands the arguments after the script's name to the app's command", async () => {
    const seen: unknown[] = [];
    await runStandaloneCommand('steth-echo', registerEcho(seen), ['node', 'cli.js', 'fig3', '--seeds', '2']);
    expect(seen).toEqual([['fig3', { seeds: '2' }]]);
    expect(process.exitCode).toBeUndefined();
  });

  it('prints a failure as one line named after the binary and sets exit code 1', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await runStandaloneCommand('steth-echo', registerEcho([]), ['node', 'cli.js', 'bad']);
    expect(stderr).toHaveBeenCalledWith(
      expect.stringMatching(/^steth-echo: unexpected error: no figure "bad"/),
    );
    expect(process.exitCode).toBe(1);
  });
});
