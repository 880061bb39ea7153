import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestS3, type TestS3 } from "@/lib/testing/s3-server";
import {
  blobStore,
  BlobTooLargeError,
  deleteBlob,
  getBlob,
  getBlobStream,
  getSealedBlob,
  getSealedBlobStream,
  newBlobKey,
  putBlob,
  putBlobStream,
  putSealedBlob,
  putSealedBlobStream,
} from "./blob-store";
import { newDataKey, seal } from "./envelope";
import { S3BlobStore } from "./s3-blob-store";

// One suite, run against both stores: the local folder and S3 (a real
// S3-protocol server, s3rver, on 127.0.0.1). Same keys, same "not there" error
// (code ENOENT), same all-or-nothing writes, sealed blobs of both formats.

const MiB = 1024 * 1024;
const S3_ENV = [
  "LIKENESS_S3_BUCKET",
  "LIKENESS_S3_ENDPOINT",
  "LIKENESS_S3_REGION",
  "LIKENESS_S3_ACCESS_KEY_ID",
  "LIKENESS_S3_SECRET_ACCESS_KEY",
  "LIKENESS_S3_FORCE_PATH_STYLE",
];

type Backend = {
  name: "local" | "s3";
  /** keys: every stored key; s3Commands: the S3 commands sent (S3 only). */
  setUp: () => Promise<{ keys: () => Promise<string[]>; s3Commands: string[]; tearDown: () => Promise<void> }>;
};

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const backends: Backend[] = [
  {
    name: "local",
    setUp: async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-test-blobs-"));
      for (const k of S3_ENV) delete process.env[k];
      process.env.LIKENESS_STORAGE_DIR = dir;
      // Every file, hidden temp files included: a refused write must leave none.
      return { keys: () => listFiles(dir), s3Commands: [], tearDown: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "s3",
    setUp: async () => {
      const s3: TestS3 = await startTestS3();
      Object.assign(process.env, s3.env);
      const s3Commands: string[] = [];
      (blobStore() as S3BlobStore).client.middlewareStack.add(
        (next, context) => (args) => {
          s3Commands.push(context.commandName ?? "?");
          return next(args);
        },
        { step: "initialize" },
      );
      return {
        keys: s3.keys,
        s3Commands,
        tearDown: async () => {
          for (const k of S3_ENV) delete process.env[k];
          await s3.close();
        },
      };
    },
  },
];

/** A deterministic stream of `total` bytes in 64 KiB pieces, and its SHA-256. */
function byteStream(total: number, opts: { failAfter?: number } = {}) {
  const block = randomBytes(64 * 1024);
  const hash = createHash("sha256");
  let sent = 0;
  for (let i = 0; i * block.length < total; i++) {
    const piece = Buffer.from(block.subarray(0, Math.min(block.length, total - i * block.length)));
    piece.writeUInt32BE(i, 0);
    hash.update(piece);
  }
  async function* gen() {
    for (let i = 0; sent < total; i++) {
      if (opts.failAfter !== undefined && sent >= opts.failAfter) throw new Error("the client went away");
      const piece = Buffer.from(block.subarray(0, Math.min(block.length, total - sent)));
      piece.writeUInt32BE(i, 0);
      sent += piece.length;
      yield piece;
    }
  }
  return { source: gen(), sha256: hash.digest("hex") };
}

async function sha256Of(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: NodeJS.ErrnoException) => e.code ?? e.message,
  );

describe.each(backends)("blob store: $name", (backend) => {
  let keys: () => Promise<string[]>;
  let tearDown: () => Promise<void>;
  let s3Commands: string[];
  const previousDir = process.env.LIKENESS_STORAGE_DIR;

  beforeAll(async () => {
    ({ keys, tearDown, s3Commands } = await backend.setUp());
  });
  afterAll(async () => {
    await tearDown?.();
    if (previousDir === undefined) delete process.env.LIKENESS_STORAGE_DIR;
    else process.env.LIKENESS_STORAGE_DIR = previousDir;
  });

  it("is the store the settings ask for", () => {
    expect(blobStore() instanceof S3BlobStore).toBe(backend.name === "s3");
  });

  it("puts, gets, overwrites and deletes a blob", async () => {
    const key = newBlobKey("test");
    await putBlob(key, Buffer.from("first"));
    expect((await getBlob(key)).toString()).toBe("first");
    await putBlob(key, Buffer.from("second"));
    expect((await getBlob(key)).toString()).toBe("second");
    expect((await sha256Of(await getBlobStream(key))).bytes).toBe(6);
    expect(await keys()).toContain(key);
    await deleteBlob(key);
    expect(await keys()).not.toContain(key);
    expect(await code(getBlob(key))).toBe("ENOENT");
  });

  it("reads a missing blob as ENOENT, whole or streamed, sealed or not; deleting it is fine", async () => {
    const key = newBlobKey("test/missing");
    expect(await code(getBlob(key))).toBe("ENOENT");
    expect(await code(getBlobStream(key))).toBe("ENOENT");
    expect(await code(getSealedBlob(key, newDataKey()))).toBe("ENOENT");
    expect(await code(getSealedBlobStream(key, newDataKey()))).toBe("ENOENT");
    expect(await code(deleteBlob(key))).toBe("resolved");
  });

  it("refuses keys outside the key alphabet", async () => {
    await expect(putBlob("../etc/passwd", Buffer.from("x"))).rejects.toThrow(/invalid blob key/);
    await expect(getBlob("a//b")).rejects.toThrow(/invalid blob key/);
  });

  it("seals with the data key (chunked format): round-trips whole and streamed; the stored bytes are not the plaintext", async () => {
    const key = newBlobKey("test/sealed");
    const dataKey = newDataKey();
    const plain = Buffer.from("reference photo bytes ".repeat(1000));
    await putSealedBlob(key, dataKey, plain);
    const stored = await getBlob(key);
    expect(stored.subarray(0, 6).toString("latin1")).toBe("LKSEAL");
    expect(stored.includes(Buffer.from("reference photo"))).toBe(false);
    expect((await getSealedBlob(key, dataKey)).equals(plain)).toBe(true);
    expect(await sha256Of(await getSealedBlobStream(key, dataKey))).toEqual({
      sha256: createHash("sha256").update(plain).digest("hex"),
      bytes: plain.length,
    });
    await expect(getSealedBlob(key, newDataKey())).rejects.toThrow(/authentication/);
  });

  it("still opens a blob sealed in the earlier single-piece format, whole and streamed", async () => {
    const key = newBlobKey("test/legacy");
    const dataKey = newDataKey();
    const plain = randomBytes(300_000);
    await putBlob(key, seal(dataKey, plain, key));
    expect((await getSealedBlob(key, dataKey)).equals(plain)).toBe(true);
    expect((await sha256Of(await getSealedBlobStream(key, dataKey))).sha256).toBe(createHash("sha256").update(plain).digest("hex"));
  });

  it("streams 20 MiB in and out (S3: a multipart upload of 8 MiB parts)", async () => {
    const key = newBlobKey("test/stream");
    const { source, sha256 } = byteStream(20 * MiB);
    s3Commands.length = 0;
    expect(await putBlobStream(key, source)).toBe(20 * MiB);
    if (backend.name === "s3") {
      expect(s3Commands).toEqual([
        "CreateMultipartUploadCommand",
        "UploadPartCommand",
        "UploadPartCommand",
        "UploadPartCommand",
        "CompleteMultipartUploadCommand",
      ]);
    }
    expect(await sha256Of(await getBlobStream(key))).toEqual({ sha256, bytes: 20 * MiB });
    await deleteBlob(key);
  });

  it("streams a sealed 20 MiB blob in and out in chunks, and getSealedBlob reads it whole", async () => {
    const key = newBlobKey("test/sealed-stream");
    const dataKey = newDataKey();
    const { source, sha256 } = byteStream(20 * MiB + 5);
    expect(await putSealedBlobStream(key, dataKey, source)).toBe(20 * MiB + 5);
    expect(await sha256Of(await getSealedBlobStream(key, dataKey))).toEqual({ sha256, bytes: 20 * MiB + 5 });
    expect(
      createHash("sha256")
        .update(await getSealedBlob(key, dataKey))
        .digest("hex"),
    ).toBe(sha256);
    await deleteBlob(key);
  });

  it("an empty stream is an empty blob", async () => {
    const key = newBlobKey("test/empty");
    expect(await putBlobStream(key, byteStream(0).source)).toBe(0);
    expect((await getBlob(key)).length).toBe(0);
    await deleteBlob(key);
  });

  it("a stream over its limit is refused at the limit and leaves nothing", async () => {
    const before = await keys();
    const key = newBlobKey("test/too-big");
    s3Commands.length = 0;
    await expect(putBlobStream(key, byteStream(20 * MiB).source, { maxBytes: 10 * MiB })).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(
      putSealedBlobStream(key, newDataKey(), byteStream(3 * MiB).source, { maxBytes: MiB, onTooLarge: (max) => new Error(`over ${max}`) }),
    ).rejects.toThrow(`over ${MiB}`);
    // S3: refused while the second 8 MiB part was still being read, so no upload was even started.
    if (backend.name === "s3") expect(s3Commands).toEqual([]);
    expect(await keys()).toEqual(before);
    expect(await code(getBlob(key))).toBe("ENOENT");
  });

  it("a source that fails mid-stream (after two S3 parts) leaves nothing, not even a temp file", async () => {
    const before = await keys();
    const key = newBlobKey("test/broken");
    s3Commands.length = 0;
    await expect(putBlobStream(key, byteStream(30 * MiB, { failAfter: 17 * MiB }).source)).rejects.toThrow(/went away/);
    if (backend.name === "s3") {
      // The parts sent so far are discarded by aborting the upload (s3rver does not implement the abort; S3 and MinIO do).
      expect(s3Commands).toEqual(["CreateMultipartUploadCommand", "UploadPartCommand", "UploadPartCommand", "AbortMultipartUploadCommand"]);
    }
    await expect(putSealedBlobStream(key, newDataKey(), byteStream(3 * MiB, { failAfter: 2 * MiB }).source)).rejects.toThrow(/went away/);
    expect(await keys()).toEqual(before);
  });

  it("a tampered sealed blob fails to stream (the reader stops at the bad chunk)", async () => {
    const key = newBlobKey("test/tampered");
    const dataKey = newDataKey();
    await putSealedBlobStream(key, dataKey, byteStream(3 * MiB).source);
    const stored = await getBlob(key);
    stored[stored.length - 100]! ^= 1;
    await putBlob(key, stored);
    await expect(sha256Of(await getSealedBlobStream(key, dataKey))).rejects.toThrow(/chunk 2/);
  });
});
