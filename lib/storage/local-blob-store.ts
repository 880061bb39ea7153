import { createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { tempPathFor, writeFileAtomic } from "@/lib/fs/write-file-atomic";
import { assertBlobKey, BlobNotFoundError, type BlobStore, type ByteSource } from "./blob-types";

// Blobs as files under one folder, outside the web root. Writes go to a hidden
// temp file next to the target that is renamed into place, so a crash or a
// refused stream never leaves a half-written blob under a real key.

const notFound = (key: string, err: unknown): unknown =>
  (err as NodeJS.ErrnoException).code === "ENOENT" ? new BlobNotFoundError(key) : err;

export class LocalBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  private fileFor(key: string): string {
    assertBlobKey(key);
    return path.join(this.dir, key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.fileFor(key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, bytes, { mode: 0o600 });
  }

  async putStream(key: string, source: ByteSource): Promise<number> {
    const file = this.fileFor(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = tempPathFor(file);
    let size = 0;
    async function* counted() {
      for await (const piece of source) {
        size += piece.byteLength;
        yield piece;
      }
    }
    try {
      await pipeline(counted(), createWriteStream(tmp, { mode: 0o600 }));
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return size;
  }

  async get(key: string): Promise<Buffer> {
    return readFile(this.fileFor(key)).catch((err) => {
      throw notFound(key, err);
    });
  }

  async getStream(key: string): Promise<Readable> {
    // Open first, so a missing blob rejects here rather than as a stream error.
    const handle = await open(this.fileFor(key), "r").catch((err) => {
      throw notFound(key, err);
    });
    return handle.createReadStream(); // closes the file when it ends or is destroyed
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileFor(key), { force: true });
  }
}
