/**
 * A sweep spread over two `steth worker` processes through BullMQ on a real
 * Redis (STETH_TEST_REDIS_URL; `.ci/run` starts one): one worker is
 * SIGKILLed in the middle of a run, BullMQ's stalled-job check hands that run
 * to the other, every run completes exactly once, and `results.json` equals
 * the local pool's byte for byte. A run that throws is retried a bounded
 * number of times and reported as failed with its error.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { redisConnection, SWEEP_QUEUE_NAME } from '@steth/lab';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REDIS_URL = process.env.STETH_TEST_REDIS_URL;
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const run = promisify(execFile);
/** One native thread per run, so the queue's runs repeat the local pool's to the last bit. */
const env = { ...process.env, STETH_THREADS: '1' };
/** Generous: CI runs this beside the other test files on 2 cores (about 45 s alone). */
const QUEUE_TIMEOUT = 300_000;

if (!REDIS_URL) {
  process.stderr.write(
    'queue-sweep.integration.test.ts: skipped, STETH_TEST_REDIS_URL is not set (start redis-server and set it, e.g. redis://127.0.0.1:6390; .ci/run does).\n',
  );
}

/** A tiny Appendix B sweep: variant 1, two lambdas, three seeds (so the order of a mean's sum matters), a few seconds a run. */
const SWEEP = [
  'mnist-hints',
  '--variant',
  '1',
  '--lambdas',
  '0,1',
  '--seeds',
  '3',
  '--train-size',
  '400',
  '--test-size',
  '200',
  '--epochs',
  '1',
  '--no-progress',
  '--json',
];

interface Worker {
  process: ChildProcess;
  log: string;
  exited: Promise<number | null>;
}

function startWorker(name: string, prefix: string): Worker {
  const child = spawn(
    'node',
    [cli, 'worker', '--queue', REDIS_URL!, '--queue-prefix', prefix, '--stall-seconds', '5', '--name', name],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const worker: Worker = {
    process: child,
    log: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stderr!.on('data', (chunk: Buffer) => {
    worker.log += chunk.toString();
  });
  return worker;
}

/** Job ids whose completion BullMQ recorded for a worker (its "done <id> on <name>" lines). */
const doneIds = (log: string) => [...log.matchAll(/^done (\S+) /gm)].map((m) => m[1]!);

async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('steth worker options (no Redis needed)', () => {
  it('shows its options in the help', async () => {
    const { stdout } = await run('node', [cli, 'worker', '--help']);
    for (const flag of [
      '--queue <url>',
      '--concurrency <n>',
      '--data <dir>',
      '--stall-seconds <n>',
      '--queue-prefix',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('rejects a queue that is not a Redis URL, and a zero concurrency', async () => {
    const notRedis = await run('node', [cli, 'worker', '--queue', 'http://127.0.0.1:6379']).catch((e) => e);
    expect(notRedis.code).toBe(1);
    expect(notRedis.stderr).toBe(
      'steth: --queue must be a Redis URL such as redis://127.0.0.1:6379, got "http://127.0.0.1:6379"\n',
    );
    const zero = await run('node', [
      cli,
      'worker',
      '--queue',
      'redis://127.0.0.1:1',
      '--concurrency',
      '0',
    ]).catch((e) => e);
    expect(zero.stderr).toBe('steth: --concurrency must be a positive integer, got "0"\n');
  });
});

describe.runIf(!REDIS_URL && process.env.CI)('the queue tests in CI', () => {
  it('have a Redis to run against', () => {
    expect.fail('CI must set STETH_TEST_REDIS_URL (.ci/run starts redis-server and exports it)');
  });
});

describe.skipIf(!REDIS_URL)('steth worker and --queue on Redis (BullMQ)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steth-queue-'));
  const prefix = `steth-test-${process.pid}-${Date.now()}`;
  const workers: Worker[] = [];

  beforeAll(() => {
    workers.push(startWorker('w1', prefix), startWorker('w2', prefix));
  });

  afterAll(async () => {
    for (const w of workers) if (w.process.exitCode === null) w.process.kill('SIGKILL');
    const queue = new Queue(SWEEP_QUEUE_NAME, { connection: redisConnection(REDIS_URL!), prefix });
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'runs every run once across two workers when one is SIGKILLed mid-run, and writes the local results.json',
    async () => {
      const local = run('node', [cli, ...SWEEP, '--out', join(dir, 'local')], { env });
      const coordinator = run(
        'node',
        [cli, ...SWEEP, '--out', join(dir, 'queue'), '--queue', REDIS_URL!, '--queue-prefix', prefix],
        { env },
      );
      // Whichever worker starts a run first is killed half a second into it.
      const [victim, jobId] = await waitFor('a worker to start a run', () => {
        for (const w of workers) {
          const started = /^start (\S+) /m.exec(w.log);
          if (started) return [w, started[1]!] as const;
        }
        return undefined;
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(doneIds(victim.log)).not.toContain(jobId);
      victim.process.kill('SIGKILL');
      expect(await victim.exited).toBeNull();
      const survivor = workers.find((w) => w !== victim)!;

      const queued = JSON.parse((await coordinator).stdout) as {
        ran: number;
        skipped: number;
        failed: unknown[];
      };
      expect(queued).toMatchObject({ ran: 6, skipped: 0, failed: [] });
      // The killed run went to the other worker, which picked it up after BullMQ found it stalled.
      expect(doneIds(survivor.log)).toContain(jobId);
      // Every run finished exactly once over both workers.
      const done = [...doneIds(victim.log), ...doneIds(survivor.log)];
      expect(done).toHaveLength(6);
      expect(new Set(done).size).toBe(6);
      const logged = readFileSync(join(dir, 'queue', 'variant-1', 'runs.jsonl'), 'utf8')
        .trim()
        .split('\n');
      expect(logged).toHaveLength(6);

      await local;
      expect(readFileSync(join(dir, 'queue', 'results.json'), 'utf8')).toBe(
        readFileSync(join(dir, 'local', 'results.json'), 'utf8'),
      );

      // A second coordinator call adds nothing and runs nothing: every run is recorded.
      const again = JSON.parse(
        (
          await run(
            'node',
            [cli, ...SWEEP, '--out', join(dir, 'queue'), '--queue', REDIS_URL!, '--queue-prefix', prefix],
            { env },
          )
        ).stdout,
      ) as { ran: number; skipped: number };
      expect(again).toMatchObject({ ran: 0, skipped: 6 });
      const queue = new Queue(SWEEP_QUEUE_NAME, { connection: redisConnection(REDIS_URL!), prefix });
      try {
        expect(await queue.getJobCounts('completed', 'failed', 'wait', 'active')).toEqual({
          completed: 6,
          failed: 0,
          wait: 0,
          active: 0,
        });
      } finally {
        await queue.close();
      }
    },
    QUEUE_TIMEOUT,
  );

  it(
    'retries a throwing run a bounded number of times, then reports it failed with its error',
    async () => {
      // Variant 2 rejects 2,000 hint pixels (its hint patterns have at most 384); variant 1 ignores them.
      const failure = await run(
        'node',
        [
          cli,
          ...SWEEP.filter((a) => a !== '--json'),
          '--variant',
          'both',
          '--lambdas',
          '0',
          '--qh',
          '1',
          '--seeds',
          '1',
          '--hint-pixels',
          '2000',
          '--attempts',
          '2',
          '--out',
          join(dir, 'failing'),
          '--queue',
          REDIS_URL!,
          '--queue-prefix',
          prefix,
        ],
        { env },
      ).catch((error: { code: number; stdout: string; stderr: string }) => error);
      expect(failure).toMatchObject({ code: 1 });
      const { stdout, stderr } = failure as { stdout: string; stderr: string };
      expect(stdout).toMatch(
        /Failed run v2_qh1_lambda0 seed 0 \(job \S+, 2 attempts\): createHintPatterns: hintPixels must be an integer in \[1, 384\], got 2000/,
      );
      expect(stderr).toMatch(
        /steth: 1 run\(s\) failed every attempt; their errors are in the report .*index\.html/,
      );
      const html = readFileSync(join(dir, 'failing', 'index.html'), 'utf8');
      expect(html).toContain('hintPixels must be an integer in [1, 384], got 2000');
      // Variant 1's run still finished and is aggregated.
      const results = JSON.parse(readFileSync(join(dir, 'failing', 'results.json'), 'utf8')) as {
        id: string;
      }[];
      expect(results.map((r) => r.id)).toEqual(['v1_qh1_lambda0']);
    },
    QUEUE_TIMEOUT,
  );

  it('stops a worker on SIGTERM', async () => {
    const alive = workers.find((w) => w.process.exitCode === null && w.process.signalCode === null)!;
    alive.process.kill('SIGTERM');
    expect(await alive.exited).toBe(0);
    expect(alive.log).toMatch(/worker stopped: \d+ runs done/);
  });
});
