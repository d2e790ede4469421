/**
 * The byte container of Steth checkpoints and weight files, built and read
 * in memory with web-standard APIs only (TextEncoder, DataView, Web
 * Crypto's SHA-256), so it works in browsers, workers and Node alike. Not
 * from the paper: it is what makes long stethoscope runs resumable. Reading
 * checks the bytes, so a truncated, half-written or corrupted container is
 * refused with a {@link CheckpointError} instead of loading garbage.
 * Writing it to a file (atomically) is `@steth/core/node`'s job.
 *
 * Layout: 8-byte magic `STETHCK1`, uint32 little-endian header length, the
 * header as UTF-8 JSON (it holds the payload length and SHA-256), then the
 * payload bytes.
 */
import { CheckpointError, StethError } from './errors';

const MAGIC = 'STETHCK1';
const PREFIX_BYTES = 12;
/** Upper bound on the JSON header, to reject garbage before allocating. */
const MAX_HEADER_BYTES = 256 * 1024 * 1024;

/** The JSON header every container carries; `kind` says what the payload is. */
export interface ContainerHeader {
  kind: string;
  payloadBytes: number;
  payloadSha256: string;
  [key: string]: unknown;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new StethError(
      'Checkpoints need Web Crypto (crypto.subtle) for their SHA-256 checksum, and it is unavailable here. ' +
        'Browsers offer it only in secure contexts: serve the page over https or from localhost.',
    );
  }
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Builds a container: prefix, JSON header (with the payload's length and SHA-256), payload. */
export async function encodeContainer(
  header: { kind: string } & Record<string, unknown>,
  payload: Uint8Array,
): Promise<Uint8Array> {
  const full: ContainerHeader = {
    ...header,
    kind: header.kind,
    payloadBytes: payload.byteLength,
    payloadSha256: await sha256Hex(payload),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(full));
  const out = new Uint8Array(PREFIX_BYTES + headerBytes.byteLength + payload.byteLength);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(8, headerBytes.byteLength, true);
  out.set(headerBytes, PREFIX_BYTES);
  out.set(payload, PREFIX_BYTES + headerBytes.byteLength);
  return out;
}

/**
 * Reads and verifies a container. `expectedKind` guards against loading the
 * wrong sort of container; `source` names it in errors (a path, or
 * "checkpoint bytes"). The payload is a view into `bytes`.
 */
export async function decodeContainer(
  bytes: Uint8Array,
  expectedKind: string,
  source: string,
): Promise<{ header: ContainerHeader; payload: Uint8Array }> {
  const fail = (what: string): never => {
    throw new CheckpointError(
      `Checkpoint ${source} is ${what}. It may be half-written or corrupted; use an earlier checkpoint.`,
    );
  };
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC.length));
  if (bytes.byteLength < PREFIX_BYTES || magic !== MAGIC) fail('not a Steth checkpoint (bad magic bytes)');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || PREFIX_BYTES + headerLength > bytes.byteLength) {
    fail(`truncated (header of ${headerLength} bytes, file of ${bytes.byteLength})`);
  }
  let header: ContainerHeader;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength)),
    ) as ContainerHeader;
  } catch {
    return fail('corrupted (its header is not valid JSON)');
  }
  if (header.kind !== expectedKind) {
    throw new CheckpointError(
      `${source} holds a "${String(header.kind)}", not a "${expectedKind}". Use the matching load function.`,
    );
  }
  const payload = bytes.subarray(PREFIX_BYTES + headerLength);
  if (payload.byteLength !== header.payloadBytes) {
    fail(`truncated (payload has ${payload.byteLength} of ${header.payloadBytes} bytes)`);
  }
  if ((await sha256Hex(payload)) !== header.payloadSha256) fail('corrupted (payload checksum mismatch)');
  return { header, payload };
}
