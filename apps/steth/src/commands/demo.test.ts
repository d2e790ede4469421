import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerDemo } from './demo';

/** Three short runs of the README example on the cpu backend. */
const DEMO_TIMEOUT_MS = 60_000;

/** Runs `steth demo <args>` in-process and returns what it printed on stdout. */
async function demo(args: string[]): Promise<string> {
  const program = new Command('steth').exitOverride();
  registerDemo(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'steth', 'demo', ...args]);
  } finally {
    write.mockRestore();
  }
  return out;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('steth demo', () => {
  it(
    'prints a table with one row per mode and accuracies in [0, 1]',
    async () => {
      vi.stubEnv('STETH_BACKEND', 'cpu');
      const out = await demo(['--steps', '60']);
      const lines = out.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^steth demo: the @steth\/core README example, 60 steps a mode on cpu/);
      expect(lines[1]).toMatch(/^mode\s+lambda\s+main acc\s+nuisance acc\s+colour acc$/);
      const rows = lines.slice(2).map((line) => line.split(/\s{2,}/));
      expect(rows.map((r) => r[0])).toEqual(['analytic', 'auxiliary', 'adversarial']);
      expect(rows.map((r) => r[1])).toEqual(['0', '1', 'dann -> -1']);
      for (const row of rows) {
        const numbers = row.slice(2).map(Number);
        expect(numbers).toHaveLength(3);
        for (const value of numbers) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }
    },
    DEMO_TIMEOUT_MS,
  );

  it(
    '--json gives the same three modes, reproducibly for a seed',
    async () => {
      vi.stubEnv('STETH_BACKEND', 'cpu');
      const first = JSON.parse(await demo(['--steps', '40', '--seed', '3', '--json']));
      const second = JSON.parse(await demo(['--steps', '40', '--seed', '3', '--json']));
      expect(first.rows.map((r: { mode: string }) => r.mode)).toEqual([
        'analytic',
        'auxiliary',
        'adversarial',
      ]);
      expect(second.rows).toEqual(first.rows);
      for (const row of first.rows) {
        for (const key of ['mainAccuracy', 'nuisanceAccuracy', 'colourAccuracy']) {
          expect(row[key]).toBeGreaterThanOrEqual(0);
          expect(row[key]).toBeLessThanOrEqual(1);
        }
      }
    },
    DEMO_TIMEOUT_MS,
  );

  it('rejects a bad --steps before training', async () => {
    await expect(demo(['--steps', '0'])).rejects.toThrow('--steps must be a positive integer, got 0');
  });
});
