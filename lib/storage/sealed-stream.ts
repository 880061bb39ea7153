import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { open as openSingleShot } from "./envelope";

// Chunked sealing, so files of any size are encrypted and decrypted in bounded
// memory (a few chunks), with the same data key as envelope.ts.
//
// Layout (version 2):
//   header  "LKSEAL" | version 0x02 | log2(chunk size) | 16-byte random blob id   (24 bytes)
//   chunks  nonce (12) | GCM tag (16) | ciphertext (chunk size; the last one 0..chunk size)
//
// Every chunk is AES-256-GCM with its own random nonce; its associated data is
// the header, the chunk's index, a final flag and the caller's associated data
// (the blob key). So a reordered, dropped, duplicated or truncated chunk, a
// chunk from another blob, or a blob moved under another key fails to open.
// A writer marks a chunk final only once it knows no data follows, so a stream
// cut at a chunk boundary fails too (its last chunk is not marked final).
//
// Blobs written before this format (envelope.ts: nonce | tag | ciphertext, one
// piece) have no header and still open: the reader tells them apart by the
// magic and, should a legacy nonce ever start with it, falls back.

const MAGIC = Buffer.from("LKSEAL", "latin1");
const VERSION = 2;
const HEADER = MAGIC.length + 2 + 16;
const NONCE = 12;
const TAG = 16;
export const CHUNK_OVERHEAD = NONCE + TAG;
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
const MIN_LOG2 = 10; // 1 KiB (tests)
const MAX_LOG2 = 24; // 16 MiB: a forged header cannot make the reader buffer more

export class SealedDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealedDataError";
  }
}

function header(chunkSize: number): Buffer {
  const log2 = Math.log2(chunkSize);
  if (!Number.isInteger(log2) || log2 < MIN_LOG2 || log2 > MAX_LOG2)
    throw new Error(`chunk size must be a power of two from 1 KiB to 16 MiB, got ${chunkSize}`);
  return Buffer.concat([MAGIC, Buffer.from([VERSION, log2]), randomBytes(16)]);
}

function chunkAad(head: Buffer, index: number, final: boolean, aad: string): Buffer {
  const position = Buffer.alloc(9);
  position.writeBigUInt64BE(BigInt(index));
  position[8] = final ? 1 : 0;
  return Buffer.concat([head, position, Buffer.from(aad)]);
}

function sealChunk(key: Buffer, head: Buffer, index: number, final: boolean, aad: string, plain: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(chunkAad(head, index, final, aad));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

function openChunk(key: Buffer, head: Buffer, index: number, final: boolean, aad: string, sealed: Buffer): Buffer {
  if (sealed.length < CHUNK_OVERHEAD) throw new SealedDataError("sealed data is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, NONCE));
  decipher.setAAD(chunkAad(head, index, final, aad));
  decipher.setAuthTag(sealed.subarray(NONCE, CHUNK_OVERHEAD));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(CHUNK_OVERHEAD)), decipher.final()]);
  } catch {
    throw new SealedDataError(`sealed data failed authentication at chunk ${index} (wrong key, tampered, reordered or truncated)`);
  }
}

/** True when the bytes start with the chunked format's header (the legacy format has none). */
export function isChunkedSealed(start: Uint8Array): boolean {
  return start.length >= MAGIC.length + 1 && MAGIC.equals(start.subarray(0, MAGIC.length)) && start[MAGIC.length] === VERSION;
}

/** Size of the sealed form of `plainSize` bytes. */
export function sealedSize(plainSize: number, chunkSize = DEFAULT_CHUNK_SIZE): number {
  const chunks = Math.max(1, Math.ceil(plainSize / chunkSize));
  return HEADER + chunks * CHUNK_OVERHEAD + plainSize;
}

/** Splits a byte stream into chunks of exactly `size` bytes (the last one shorter), copying only at chunk edges. */
async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const piece of source) {
    let buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (held + buf.length >= size) {
      const take = size - held;
      parts.push(buf.subarray(0, take));
      yield Buffer.concat(parts, size);
      buf = buf.subarray(take);
      parts = [];
      held = 0;
    }
    if (buf.length > 0) {
      // Copy: the source may reuse its buffer for the next piece.
      parts.push(Buffer.from(buf));
      held += buf.length;
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}

/** Seals a byte stream chunk by chunk; memory stays at about two chunks whatever the size. */
export async function* sealStream(
  key: Buffer,
  source: AsyncIterable<Uint8Array>,
  aad = "",
  chunkSize = DEFAULT_CHUNK_SIZE,
): AsyncGenerator<Buffer> {
  const head = header(chunkSize);
  yield head;
  let index = 0;
  let pending: Buffer | null = null; // held back until we know whether it is the last
  for await (const chunk of rechunk(source, chunkSize)) {
    if (pending) yield sealChunk(key, head, index++, false, aad, pending);
    pending = chunk;
  }
  yield sealChunk(key, head, index, true, aad, pending ?? Buffer.alloc(0));
}

/** Opens a stream in the chunked format, chunk by chunk. Throws SealedDataError if any of it is wrong. */
export async function* openStream(key: Buffer, source: AsyncIterable<Uint8Array>, aad = ""): AsyncGenerator<Buffer> {
  let head: Buffer | null = null;
  let record = 0;
  let index = 0;
  // Pieces not yet opened; joined only when a whole record (and a byte past it) is there.
  let held: Buffer[] = [];
  let heldLength = 0;
  const take = (n: number): Buffer => {
    const all = held.length === 1 ? held[0]! : Buffer.concat(held, heldLength);
    held = all.length > n ? [all.subarray(n)] : [];
    heldLength -= n;
    return all.subarray(0, n);
  };
  for await (const piece of source) {
    held.push(Buffer.from(piece)); // a copy: the source may reuse its buffer
    heldLength += piece.byteLength;
    if (!head) {
      if (heldLength < HEADER) continue;
      head = Buffer.from(take(HEADER));
      if (!isChunkedSealed(head)) throw new SealedDataError("not a chunked sealed blob (unknown header or version)");
      const log2 = head[MAGIC.length + 1]!;
      if (log2 < MIN_LOG2 || log2 > MAX_LOG2) throw new SealedDataError("sealed data has an invalid chunk size");
      record = (1 << log2) + CHUNK_OVERHEAD;
    }
    // A full record followed by more bytes is not the last one.
    while (heldLength > record) yield openChunk(key, head, index++, false, aad, take(record));
  }
  if (!head) throw new SealedDataError("sealed data is truncated (no header)");
  yield openChunk(key, head, index, true, aad, take(heldLength));
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

/** Seals a whole buffer in the chunked format. */
export function sealChunked(key: Buffer, plaintext: Uint8Array, aad = "", chunkSize = DEFAULT_CHUNK_SIZE): Promise<Buffer> {
  return collect(sealStream(key, once(plaintext), aad, chunkSize));
}

/** Opens a whole sealed buffer of either format (chunked, or the legacy single piece). */
export async function openSealed(key: Buffer, sealed: Buffer, aad = ""): Promise<Buffer> {
  if (!isChunkedSealed(sealed)) return openSingleShot(key, sealed, aad);
  try {
    return await collect(openStream(key, once(sealed), aad));
  } catch (chunkedError) {
    // A legacy blob whose random nonce happens to start with the magic (odds 2^-56).
    try {
      return openSingleShot(key, sealed, aad);
    } catch {
      throw chunkedError;
    }
  }
}

/**
 * Opens a sealed stream of either format. A chunked blob is decrypted chunk by
 * chunk; a legacy blob is one GCM message and can only be checked whole, so it
 * is read into memory first (legacy blobs were written from a buffer anyway).
 */
export async function* openAnySealedStream(key: Buffer, source: AsyncIterable<Uint8Array>, aad = ""): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const start: Buffer[] = [];
  let startLength = 0;
  let done = false;
  while (startLength < HEADER) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    start.push(Buffer.from(next.value));
    startLength += next.value.byteLength;
  }
  const rest = async function* () {
    yield* start;
    if (!done) yield* { [Symbol.asyncIterator]: () => iterator };
  };
  if (isChunkedSealed(Buffer.concat(start))) {
    yield* openStream(key, rest(), aad);
  } else {
    yield openSingleShot(key, await collect(rest()), aad);
  }
}
