/**
 * No orphan workers: a sweep's parent stopped by SIGTERM stops its workers
 * and says so in one line; a parent killed outright (SIGKILL) leaves
 * workers that notice and exit quietly, even in the middle of synchronous
 * training (needs the lab built: `pnpm test` builds first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const parentScript = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sweep-parent.mjs');
const SIGNAL_TIMEOUT = 60_000;

/** Alive and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    return readFileSync(stat, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startSweep(): Promise<{ parent: ChildProcess; workers: number[]; output: () => string }> {
  const dir = mkdtempSync(join(tmpdir(), 'steth-sweep-signals-'));
  const pidFile = join(dir, 'worker');
  const parent = spawn(process.execPath, [parentScript, join(dir, 'out'), pidFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  parent.stdout!.on('data', (d) => {
    output += d;
  });
  parent.stderr!.on('data', (d) => {
    output += d;
  });
  for (let i = 0; i < 200; i++) {
    const pids = readdirSync(dir).filter((f) => f.startsWith('worker.'));
    if (pids.length === 2)
      return { parent, workers: pids.map((f) => Number(f.split('.')[1])), output: () => output };
    await sleep(100);
  }
  throw new Error(`the workers did not start; output: ${output}`);
}

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  while (Date.now() < until && pids.some(alive)) await sleep(100);
  return pids.filter(alive);
}

describe('sweep signals', () => {
  it(
    'SIGTERM stops the workers and prints one line saying how to resume',
    async () => {
      const { parent, workers, output } = await startSweep();
      const exited = new Promise<number | null>((resolve) => parent.on('close', resolve));
      parent.kill('SIGTERM');
      expect(await exited).toBe(1);
      expect(await waitGone(workers, 5000)).toEqual([]);
      expect(output().trim().split('\n')).toHaveLength(1);
      expect(output()).toMatch(/interrupted after 0 of 2 runs.*Run the same command again to resume/);
    },
    SIGNAL_TIMEOUT,
  );

  it(
    'workers of a SIGKILLed parent exit within an epoch, printing nothing',
    async () => {
      const { parent, workers, output } = await startSweep();
      parent.kill('SIGKILL');
      // Each toy epoch holds the event loop for 0.3 s; a run lasts 30 s.
      expect(await waitGone(workers, 5000)).toEqual([]);
      await sleep(300);
      expect(output()).toBe('');
    },
    SIGNAL_TIMEOUT,
  );
});
