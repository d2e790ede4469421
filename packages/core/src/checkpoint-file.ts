/**
 * The on-disk container of Steth checkpoints and weight files: one file,
 * written atomically (temporary file, fsync, rename), so a crash mid-write
 * leaves the previous file intact; read back with checks that detect a
 * truncated, half-written or corrupted file. Not from the paper: it is what
 * makes long stethoscope runs resumable with plain `@tensorflow/tfjs` in
 * Node, where the `file://` IO handler (tfjs-node only) is unavailable.
 *
 * Layout: 8-byte magic `STETHCK1`, uint32 little-endian header length, the
 * header as UTF-8 JSON (it holds the payload length and SHA-256), then the
 * payload bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StethError } from './errors';

const MAGIC = 'STETHCK1';
/** Upper bound on the JSON header, to reject garbage before allocating. */
const MAX_HEADER_BYTES = 256 * 1024 * 1024;

/** A checkpoint file could not be read: missing, truncated, corrupted or of another kind. */
export class CheckpointError extends StethError {
  override name = 'CheckpointError';
}

/** The JSON header every container carries; `kind` says what the payload is. */
export interface ContainerHeader {
  kind: string;
  payloadBytes: number;
  payloadSha256: string;
  [key: string]: unknown;
}

export interface WriteContainerOptions {
  /**
   * Called once the temporary file is complete and synced, just before it
   * replaces `path`. Throwing aborts the save (the temporary file is removed
   * and the previous file stays). For crash tests and progress reporting.
   */
  beforeCommit?: (temporaryPath: string) => void | Promise<void>;
}

/** Writes header + payload to `path` atomically. */
export async function writeContainer(
  path: string,
  header: { kind: string } & Record<string, unknown>,
  payload: Uint8Array,
  options: WriteContainerOptions = {},
): Promise<void> {
  const full: ContainerHeader = {
    ...header,
    kind: header.kind,
    payloadBytes: payload.byteLength,
    payloadSha256: createHash('sha256').update(payload).digest('hex'),
  };
  const headerBytes = Buffer.from(JSON.stringify(full), 'utf8');
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'ascii');
  prefix.writeUInt32LE(headerBytes.byteLength, 8);
  const temporary = join(
    dirname(path),
    `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  let committed = false;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(prefix);
      await handle.writeFile(headerBytes);
      await handle.writeFile(payload);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeCommit?.(temporary);
    await rename(temporary, path);
    committed = true;
  } catch (cause) {
    throw new StethError(
      `Could not write checkpoint ${path}: ${(cause as Error).message}. The previous file at that path (if any) is unchanged.`,
      { cause },
    );
  } finally {
    if (!committed) await rm(temporary, { force: true });
  }
}

/** Reads and verifies a container; `expectedKind` guards against loading the wrong sort of file. */
export async function readContainer(
  path: string,
  expectedKind: string,
): Promise<{ header: ContainerHeader; payload: Uint8Array }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new CheckpointError(`Cannot read checkpoint ${path}: ${(cause as Error).message}.`, { cause });
  }
  const fail = (what: string): never => {
    throw new CheckpointError(
      `Checkpoint ${path} is ${what}. It may be half-written or corrupted; use an earlier checkpoint.`,
    );
  };
  if (bytes.byteLength < 12 || bytes.toString('ascii', 0, 8) !== MAGIC)
    fail('not a Steth checkpoint (bad magic bytes)');
  const headerLength = bytes.readUInt32LE(8);
  if (headerLength > MAX_HEADER_BYTES || 12 + headerLength > bytes.byteLength) {
    fail(`truncated (header of ${headerLength} bytes, file of ${bytes.byteLength})`);
  }
  let header: ContainerHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as ContainerHeader;
  } catch {
    return fail('corrupted (its header is not valid JSON)');
  }
  if (header.kind !== expectedKind) {
    throw new CheckpointError(
      `${path} holds a "${String(header.kind)}", not a "${expectedKind}". Use the matching load function.`,
    );
  }
  const payload = bytes.subarray(12 + headerLength);
  if (payload.byteLength !== header.payloadBytes) {
    fail(`truncated (payload has ${payload.byteLength} of ${header.payloadBytes} bytes)`);
  }
  if (createHash('sha256').update(payload).digest('hex') !== header.payloadSha256) {
    fail('corrupted (payload checksum mismatch)');
  }
  return { header, payload: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength) };
}
