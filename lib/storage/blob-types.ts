import type { Readable } from "node:stream";

// The contract every blob store keeps (see blob-store.ts).

export const BLOB_KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;

export type ByteSource = AsyncIterable<Uint8Array>;

export type PutStreamOptions = {
  /** Refuse (and store nothing) once more than this many bytes arrive; the error comes from onTooLarge. */
  maxBytes?: number;
  onTooLarge?: (maxBytes: number) => Error;
};

export interface BlobStore {
  /** Stores bytes under a key, replacing what was there. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Stores a stream under a key; returns the number of bytes. All or nothing. */
  putStream(key: string, source: ByteSource): Promise<number>;
  /** The whole blob; BlobNotFoundError (code ENOENT) when there is none. */
  get(key: string): Promise<Buffer>;
  /** The blob as a stream; rejects with BlobNotFoundError before returning when there is none. */
  getStream(key: string): Promise<Readable>;
  /** Removes a blob; a missing one is fine. */
  delete(key: string): Promise<void>;
}

/** "Not there", with the same code as a missing file, which callers test for. */
export class BlobNotFoundError extends Error {
  readonly code = "ENOENT";
  constructor(readonly key: string) {
    super(`ENOENT: no blob under key ${key}`);
    this.name = "BlobNotFoundError";
  }
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`blob is larger than the ${maxBytes}-byte limit`);
    this.name = "BlobTooLargeError";
  }
}

export function assertBlobKey(key: string): void {
  if (!BLOB_KEY.test(key)) throw new Error(`invalid blob key: ${key}`);
}
