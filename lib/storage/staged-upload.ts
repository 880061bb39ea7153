import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { limitBytes, type ByteSource } from "./blob-store";

// An upload received as a stream is written to a private temp file while it
// arrives (counted, hashed, and refused the moment it passes its limit), so the
// web process never holds the body in memory. Inspection then reads only what
// it needs from the file (the first bytes, image headers, ffprobe), and the
// file is sealed into the blob store as a stream. The temp folder is 0700, the
// file 0600, and both are removed by dispose() (and on any failure here).
// The render worker keeps decrypted inputs the same way, only while it works.

/** How many leading bytes are kept in memory for sniffing the type. */
const HEAD_BYTES = 4096;

export type StagedUpload = {
  path: string;
  byteSize: number;
  sha256: string;
  /** The first bytes of the file (up to 4 KiB), for sniffing its type. */
  head: Buffer;
  dispose: () => Promise<void>;
};

/** A file as received from a form or the API: whole in memory, or staged on disk by a streaming reader. */
export type UploadedFile = { name: string; bytes: Buffer } | { name: string; staged: StagedUpload };

export async function stageUpload(
  source: ByteSource,
  opts: { maxBytes: number; onTooLarge: (maxBytes: number) => Error },
): Promise<StagedUpload> {
  const dir = await mkdtemp(path.join(tmpdir(), "likeness-upload-"));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, "upload");
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let headLength = 0;
  let byteSize = 0;
  async function* observed() {
    for await (const piece of limitBytes(source, opts.maxBytes, opts.onTooLarge)) {
      hash.update(piece);
      byteSize += piece.byteLength;
      if (headLength < HEAD_BYTES) {
        const take = Buffer.from(piece.subarray(0, HEAD_BYTES - headLength));
        head.push(take);
        headLength += take.length;
      }
      yield piece;
    }
  }
  try {
    await pipeline(observed(), createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    await dispose();
    throw err;
  }
  return { path: file, byteSize, sha256: hash.digest("hex"), head: Buffer.concat(head), dispose };
}
