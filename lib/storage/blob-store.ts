import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { s3Settings, storageDir } from "@/lib/config";
import { LocalBlobStore } from "./local-blob-store";
import { S3BlobStore } from "./s3-blob-store";
import { BlobTooLargeError, type BlobStore, type ByteSource, type PutStreamOptions } from "./blob-types";
import { openAnySealedStream, openSealed, sealChunked, sealStream } from "./sealed-stream";

// Where blobs live: the local folder (LIKENESS_STORAGE_DIR, the default) or an
// S3-compatible bucket (LIKENESS_S3_BUCKET). Both keep one contract:
//   - a put is all or nothing: a failed or refused write leaves no object under
//     its key (local: temp file renamed into place; S3: one PUT, or a multipart
//     upload that is completed last and aborted on failure);
//   - a missing blob reads as an error with code "ENOENT" (BlobNotFoundError);
//   - deleting a missing blob is not an error.
// The functions below pick the configured store on every call (settings are
// read from the environment, so tests can switch stores per file).

export {
  assertBlobKey,
  BLOB_KEY,
  BlobNotFoundError,
  BlobTooLargeError,
  type BlobStore,
  type ByteSource,
  type PutStreamOptions,
} from "./blob-types";

let cached: { id: string; store: BlobStore } | null = null;

/** The configured store (one instance per distinct configuration). */
export function blobStore(): BlobStore {
  const s3 = s3Settings();
  const id = s3 ? `s3:${JSON.stringify(s3)}` : `local:${storageDir()}`;
  if (cached?.id !== id) cached = { id, store: s3 ? new S3BlobStore(s3) : new LocalBlobStore(storageDir()) };
  return cached.store;
}

/** Counts bytes as they pass and throws once more than maxBytes went by, before buffering the rest. */
export async function* limitBytes(
  source: ByteSource,
  maxBytes: number,
  onTooLarge: (maxBytes: number) => Error = (max) => new BlobTooLargeError(max),
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const piece of source) {
    total += piece.byteLength;
    if (total > maxBytes) throw onTooLarge(maxBytes);
    yield piece;
  }
}

export function newBlobKey(prefix: string): string {
  return `${prefix}/${randomBytes(16).toString("hex")}`;
}

export async function putBlob(key: string, bytes: Uint8Array): Promise<void> {
  await blobStore().put(key, bytes);
}

export async function getBlob(key: string): Promise<Buffer> {
  return blobStore().get(key);
}

export async function deleteBlob(key: string): Promise<void> {
  await blobStore().delete(key);
}

/** Stores a stream (e.g. a request body) without holding it in memory; returns its size. */
export async function putBlobStream(key: string, source: ByteSource, opts: PutStreamOptions = {}): Promise<number> {
  const limited = opts.maxBytes === undefined ? source : limitBytes(source, opts.maxBytes, opts.onTooLarge);
  return blobStore().putStream(key, limited);
}

export async function getBlobStream(key: string): Promise<Readable> {
  return blobStore().getStream(key);
}

/**
 * Stores bytes encrypted with a data key; the blob key is bound in as associated
 * data. Written in the chunked format (sealed-stream.ts), so it can later be
 * read as a stream.
 */
export async function putSealedBlob(key: string, dataKey: Buffer, bytes: Buffer): Promise<void> {
  await putBlob(key, await sealChunked(dataKey, bytes, key));
}

/** Decrypted bytes of a sealed blob (either format: chunked or the earlier single piece). */
export async function getSealedBlob(key: string, dataKey: Buffer): Promise<Buffer> {
  return openSealed(dataKey, await getBlob(key), key);
}

/** Encrypts a stream chunk by chunk into the store (bounded memory); returns the plaintext size. */
export async function putSealedBlobStream(key: string, dataKey: Buffer, source: ByteSource, opts: PutStreamOptions = {}): Promise<number> {
  let plainBytes = 0;
  async function* counted() {
    for await (const piece of opts.maxBytes === undefined ? source : limitBytes(source, opts.maxBytes, opts.onTooLarge)) {
      plainBytes += piece.byteLength;
      yield piece;
    }
  }
  await blobStore().putStream(key, sealStream(dataKey, counted(), key));
  return plainBytes;
}

/**
 * The decrypted blob as a stream, chunk by chunk (a legacy single-piece blob is
 * checked whole first). Rejects with BlobNotFoundError when there is none; a
 * tampered or truncated blob errors the stream before its bad chunk is emitted.
 */
export async function getSealedBlobStream(key: string, dataKey: Buffer): Promise<Readable> {
  const sealed = await getBlobStream(key);
  return Readable.from(openAnySealedStream(dataKey, sealed, key), { objectMode: false });
}
