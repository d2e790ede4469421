/**
 * What one sweep run looks like on a BullMQ queue in Redis, shared by the
 * coordinator ({@link runQueueSweep}) and the workers ({@link runQueueWorker}):
 * the queue's name, the job's data and return value, the deterministic job id
 * that names a (sweep, point, seed) run so that enqueueing it twice adds
 * nothing, and the Redis connection read from a `redis://HOST:PORT` URL.
 * Used to spread the paper's sweeps (Section 4's towers, Appendix B) over
 * several machines.
 */
import { createHash } from 'node:crypto';
import type { ConnectionOptions } from 'bullmq';
import { LabError } from './errors';
import type { SweepTaskResult } from './worker-host';

/** The BullMQ queue every sweep run goes to; workers serve every kind of run from it. */
export const SWEEP_QUEUE_NAME = 'steth-sweep-runs';

/** The data of one run's job. */
export interface QueueRunJob<P = unknown> {
  /** Which app runs it, e.g. `mnist-hints` or `reproduce`; a worker must know the kind. */
  kind: string;
  /** Key of the sweep (a hash of its kind and settings, see {@link sweepKey}). */
  sweep: string;
  /** The sweep point's id. */
  pointId: string;
  /** The sweep point's configuration. */
  point: P;
  /** Seed of the run. */
  seed: number;
  /**
   * What the run's data is, for the worker to build or check (e.g. the towers' rendering settings
   * and the SHA-256 of the coordinator's `manifest.jsonl`); absent when the data ships with the
   * project. Its form belongs to the kind.
   */
  dataset?: unknown;
}

/** What a worker returns for a run's job: the run's metrics and wall time, and who ran it. */
export interface QueueRunResult extends SweepTaskResult {
  /** Name of the worker that ran it. */
  worker: string;
}

/** A stable JSON text of a value: object keys sorted, so equal settings hash equally. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** SHA-256 of a text or bytes, as hex. */
export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Key of a sweep: its kind and the first 16 hex digits of its settings' SHA-256. */
export function sweepKey(kind: string, settings: unknown): string {
  return `${kind}-${sha256(stableJson(settings)).slice(0, 16)}`;
}

/**
 * The job id of a run: `<sweep key>.<point id>.seed<seed>`, with the point id URI-encoded (BullMQ
 * refuses `:` in custom ids). The same run always gets the same id, so BullMQ adds it once.
 */
export function runJobId(sweep: string, pointId: string, seed: number): string {
  return `${sweep}.${encodeURIComponent(pointId)}.seed${seed}`;
}

/**
 * Reads `redis://[user:password@]HOST:PORT[/DB]` (or `rediss://` for TLS) into BullMQ connection
 * options. `worker` sets what BullMQ needs for a worker's blocking connection: commands wait for a
 * reconnect instead of failing (`maxRetriesPerRequest: null`).
 */
export function redisConnection(url: string, options: { worker?: boolean } = {}): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LabError(
      `--queue "${url}" is not a URL; expected redis://HOST:PORT, e.g. redis://127.0.0.1:6379.`,
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new LabError(
      `--queue "${url}" is a ${parsed.protocol} URL; expected redis://HOST:PORT (or rediss:// for TLS).`,
    );
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new LabError(`--queue "${url}": the path must be a database number (e.g. /0), got "/${db}".`);
  }
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(db === '' ? {} : { db: Number(db) }),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    ...(options.worker ? { maxRetriesPerRequest: null } : {}),
  };
}
