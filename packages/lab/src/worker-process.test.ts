import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workerEnv, workerScriptPath, workerThreads } from './worker-process';

describe('workerThreads and workerEnv', () => {
  it('split the cores between the worker processes, at least one thread each', () => {
    expect(workerThreads(1, 8)).toBe(8);
    expect(workerThreads(3, 8)).toBe(2);
    expect(workerThreads(16, 8)).toBe(1);
    expect(workerThreads(1)).toBe(availableParallelism());
    expect(workerEnv(2, { PATH: '/bin' })).toEqual({
      PATH: '/bin',
      STETH_THREADS: String(workerThreads(2)),
    });
    expect(workerEnv(availableParallelism() * 2, {}).STETH_THREADS).toBe('1');
  });

  it('keep a STETH_THREADS that is already set', () => {
    expect(workerEnv(2, { STETH_THREADS: '3' }).STETH_THREADS).toBe('3');
  });

  it('read this process environment by default', () => {
    const saved = process.env.STETH_THREADS;
    process.env.STETH_THREADS = '5';
    try {
      expect(workerEnv(2).STETH_THREADS).toBe('5');
      expect(workerEnv(2).PATH).toBe(process.env.PATH);
    } finally {
      if (saved === undefined) delete process.env.STETH_THREADS;
      else process.env.STETH_THREADS = saved;
    }
  });
});

describe('workerScriptPath', () => {
  const app = join('/', 'work', 'apps', 'some-app');
  const url = (...parts: string[]) => pathToFileURL(join(app, ...parts)).href;

  it('finds the built worker beside a built module, and in dist/ from a module in src/', () => {
    expect(workerScriptPath(url('dist', 'index.js'))).toBe(join(app, 'dist', 'worker.js'));
    expect(workerScriptPath(url('src', 'run-experiment.ts'))).toBe(join(app, 'dist', 'worker.js'));
    expect(workerScriptPath(url('src', 'run-experiment.ts'), 'other.js')).toBe(join(app, 'dist', 'other.js'));
  });
});
