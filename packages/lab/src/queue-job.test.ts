import { describe, expect, it } from 'vitest';
import { LabError } from './errors';
import { redisConnection, runJobId, stableJson, sweepKey } from './queue-job';

describe('queue jobs', () => {
  it('hashes settings independently of key order, and differently when a value changes', () => {
    expect(stableJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}',
    );
    expect(sweepKey('mnist-hints', { epochs: 1, lr: 0.02 })).toBe(
      sweepKey('mnist-hints', { lr: 0.02, epochs: 1 }),
    );
    expect(sweepKey('mnist-hints', { epochs: 1 })).not.toBe(sweepKey('mnist-hints', { epochs: 2 }));
    expect(sweepKey('mnist-hints', { epochs: 1 })).toMatch(/^mnist-hints-[0-9a-f]{16}$/);
  });

  it('names a run by sweep, point and seed, with no colon (BullMQ refuses it in custom ids)', () => {
    expect(runJobId('reproduce-0123456789abcdef', 'fig5:lambda=2', 3)).toBe(
      'reproduce-0123456789abcdef.fig5%3Alambda%3D2.seed3',
    );
  });

  it('reads a redis URL into connection options', () => {
    expect(redisConnection('redis://10.0.0.5:6390')).toEqual({ host: '10.0.0.5', port: 6390 });
    expect(redisConnection('redis://user:p%40ss@host/2', { worker: true })).toEqual({
      host: 'host',
      port: 6379,
      db: 2,
      username: 'user',
      password: 'p@ss',
      maxRetriesPerRequest: null,
    });
    expect(redisConnection('rediss://host:1')).toMatchObject({ tls: {} });
    expect(() => redisConnection('http://host:6379')).toThrow(
      new LabError(
        '--queue "http://host:6379" is a http: URL; expected redis://HOST:PORT (or rediss:// for TLS).',
      ),
    );
    expect(() => redisConnection('localhost:6379')).toThrow(LabError);
  });
});
