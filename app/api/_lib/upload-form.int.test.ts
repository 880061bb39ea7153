import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { getSealedBlobStream } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { createApiKey } from "@/lib/studios/api-keys";
import { makePdf } from "@/lib/testing/pdf-fixture";
import { startTestS3, type TestS3 } from "@/lib/testing/s3-server";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { signUp } from "@/lib/users/sign-up";
import { POST as apiUpload } from "@/app/api/v1/uploads/route";
import { readLikenessPhotoForm } from "./upload-form";

// Uploads are read as streams: refused from Content-Length before a byte is
// read, refused at the limit while streaming (the rest of the body is never
// read), staged on disk (never whole in memory), sealed into the blob store as a
// stream; whatever happens, no temp file, blob or row is left behind.

const meta = { ip: "127.0.0.1", userAgent: "vitest" };
const MiB = 1024 * 1024;
const RELEASE_MAX = 256 * 1024;
const FOOTAGE_MAX = 40 * MiB;
const run = promisify(execFile);

let t: TestDatabase;
let storage: string;
let key: string;
let studio: Actor;
let mp4: Buffer;

/** A real MP4 grown to `total` bytes with a trailing `free` box (valid MP4 that ffprobe reads). */
function paddedMp4(total: number): Buffer {
  const free = Buffer.alloc(total - mp4.length);
  free.writeUInt32BE(free.length, 0);
  free.write("free", 4, "latin1");
  return Buffer.concat([mp4, free]);
}

/**
 * A multipart body as a pull stream that counts what was read; fields go first,
 * as browsers send them. With holdAfter, the stream stops delivering after that
 * many bytes until release() is called: an answer that arrives while it is held
 * was given without reading the rest of the body.
 */
function streamedForm(
  fields: Record<string, string>,
  file: { name: string; bytes: Buffer } | null,
  opts: { cutAfter?: number; holdAfter?: number } = {},
) {
  const boundary = `----likeness${randomBytes(8).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
    );
    parts.push(file.bytes, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const whole = Buffer.concat(parts);
  const end = opts.cutAfter ?? whole.length;
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const stats = { pulled: 0, length: whole.length, release: () => release() };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (opts.holdAfter !== undefined && stats.pulled >= opts.holdAfter) await held;
        if (stats.pulled >= end) return controller.close();
        const piece = whole.subarray(stats.pulled, Math.min(end, stats.pulled + 64 * 1024));
        stats.pulled += piece.length;
        controller.enqueue(new Uint8Array(piece));
      },
    },
    { highWaterMark: 0 },
  );
  return { body, stats, contentType: `multipart/form-data; boundary=${boundary}` };
}

function post(form: ReturnType<typeof streamedForm>, headers: Record<string, string> = {}) {
  const req = new Request("http://localhost/api/v1/uploads", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": form.contentType, ...headers },
    body: form.body,
    duplex: "half",
  } as RequestInit);
  return apiUpload(req as NextRequest, { params: Promise.resolve({}) });
}

async function blobFiles(): Promise<string[]> {
  const entries = await readdir(storage, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
const stagedDirs = async () => (await readdir(tmpdir())).filter((n) => n.startsWith("likeness-upload-"));
/**
 * Rows, blobs and staged temp folders. A refused upload's staged folder is
 * removed as its request fails, which can finish just after the answer is
 * sent (CI saw it a few milliseconds late once), so the checks poll for it.
 */
async function nothingLeft() {
  return { rows: await t.db.studioUpload.count(), blobs: (await blobFiles()).length, staged: await stagedDirs() };
}

beforeAll(async () => {
  t = await createTestDatabase();
  storage = await mkdtemp(path.join(tmpdir(), "likeness-stream-blobs-"));
  process.env.LIKENESS_STORAGE_DIR = storage;
  process.env.LIKENESS_MASTER_KEY ??= randomBytes(32).toString("hex");
  process.env.LIKENESS_RELEASE_MAX_BYTES = String(RELEASE_MAX);
  process.env.LIKENESS_FOOTAGE_MAX_BYTES = String(FOOTAGE_MAX);
  (globalThis as { likenessDb?: unknown }).likenessDb = t.db;
  studio = await signUp({
    db: t.db,
    meta,
    input: { role: "STUDIO", name: "Sol Studio", email: "sol@s.test", password: "correct-horse-9", studioName: "Studio S" },
  });
  key = (await createApiKey({ db: t.db, actor: studio, meta, input: { name: "pipeline" } })).token;
  const dir = await mkdtemp(path.join(tmpdir(), "likeness-test-clip-"));
  try {
    const out = path.join(dir, "clip.mp4");
    await run(process.env.FFMPEG_PATH ?? "ffmpeg", [
      "-v",
      "error",
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=320x240:rate=10",
      "-t",
      "1",
      "-pix_fmt",
      "yuv420p",
      "-c:v",
      "libx264",
      "-movflags",
      "+faststart",
      out,
    ]);
    mp4 = await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

afterAll(async () => {
  (globalThis as { likenessDb?: unknown }).likenessDb = undefined;
  delete process.env.LIKENESS_RELEASE_MAX_BYTES;
  delete process.env.LIKENESS_FOOTAGE_MAX_BYTES;
  await t?.drop();
  if (storage) await rm(storage, { recursive: true, force: true });
});

async function storedPlaintext(blobKey: string): Promise<string> {
  const account = await t.db.studioAccount.findUniqueOrThrow({ where: { id: studio.studioId! } });
  const hash = createHash("sha256");
  for await (const c of await getSealedBlobStream(blobKey, unwrapKey(masterKey(), Buffer.from(account.wrappedDataKey))))
    hash.update(c as Buffer);
  return hash.digest("hex");
}

describe("streamed uploads (POST /api/v1/uploads)", () => {
  it("stores a 30 MB video streamed in 64 KB pieces: sealed as a stream, opens to the same bytes, no temp file left", async () => {
    const before = await nothingLeft();
    const video = paddedMp4(30 * MiB);
    const form = streamedForm({ kind: "TARGET_FOOTAGE" }, { name: "shot.mp4", bytes: video });
    const res = await post(form);
    expect(res.status).toBe(201);
    const json = await res.json();
    expect(json).toMatchObject({ kind: "TARGET_FOOTAGE", mimeType: "video/mp4", byteSize: video.length, width: 320, height: 240 });
    const row = await t.db.studioUpload.findUniqueOrThrow({ where: { id: json.id } });
    const sha = createHash("sha256").update(video).digest("hex");
    expect(row.sha256).toBe(sha);
    expect(await storedPlaintext(row.blobKey)).toBe(sha);
    expect(await stagedDirs()).toEqual(before.staged);
  });

  it("refuses a Content-Length over the limit with 413 naming the file, before reading a byte", async () => {
    const before = await nothingLeft();
    const form = streamedForm({ kind: "TARGET_FOOTAGE" }, { name: "huge.mp4", bytes: Buffer.alloc(1024) });
    const res = await post(form, { "content-length": String(FOOTAGE_MAX + 10 * MiB) });
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.error.fields.file).toBe("The file is larger than the 40 MB limit.");
    expect(form.stats.pulled).toBe(0);
    await expect.poll(nothingLeft, { timeout: 5_000 }).toEqual(before);
  });

  it("refuses a body with no Content-Length at the kind's limit while it streams, without reading the rest", async () => {
    const before = await nothingLeft();
    const pdf = makePdf();
    const big = Buffer.concat([pdf.subarray(0, 9), Buffer.alloc(30 * MiB, 0x20), pdf.subarray(9)]);
    // The body stops arriving 1 MB in: the answer must come from counting at the release limit (256 KB), not the footage limit.
    const form = streamedForm({ kind: "RELEASE" }, { name: "release.pdf", bytes: big }, { holdAfter: MiB });
    const res = await post(form);
    expect(res.status).toBe(413);
    expect((await res.json()).error.fields.file).toBe("The file is larger than the 256 KB limit.");
    expect(form.stats.pulled).toBeLessThanOrEqual(MiB);
    await expect.poll(nothingLeft, { timeout: 5_000 }).toEqual(before);
    // The rest is read and thrown away (so a real client gets this answer, not a reset), and still nothing is kept.
    form.stats.release();
    await expect.poll(() => form.stats.pulled, { timeout: 10_000 }).toBe(form.stats.length);
    await expect.poll(nothingLeft, { timeout: 5_000 }).toEqual(before);
  });

  it("a footage file over its limit while streaming → 413; a bad kind sent before the file → 422 before the file is read", async () => {
    const before = await nothingLeft();
    const over = streamedForm(
      { kind: "TARGET_FOOTAGE" },
      { name: "long.mp4", bytes: paddedMp4(FOOTAGE_MAX + 10 * MiB) },
      { holdAfter: FOOTAGE_MAX + 2 * MiB },
    );
    const res = await post(over);
    expect(res.status).toBe(413);
    expect((await res.json()).error.fields.file).toBe("The file is larger than the 40 MB limit.");
    over.stats.release();
    const badKind = streamedForm({ kind: "SELFIE" }, { name: "shot.mp4", bytes: paddedMp4(10 * MiB) }, { holdAfter: 256 * 1024 });
    const res2 = await post(badKind);
    expect(res2.status).toBe(422);
    expect((await res2.json()).error.fields).toHaveProperty("kind");
    expect(badKind.stats.pulled).toBeLessThanOrEqual(256 * 1024);
    badKind.stats.release();
    await expect.poll(nothingLeft, { timeout: 5_000 }).toEqual(before);
  });

  it("a body cut off mid-file → 400; a form without a file → 422 naming file; not multipart → 400", async () => {
    const before = await nothingLeft();
    const cut = streamedForm({ kind: "TARGET_FOOTAGE" }, { name: "shot.mp4", bytes: paddedMp4(5 * MiB) }, { cutAfter: 3 * MiB });
    const res = await post(cut);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("MALFORMED_BODY");
    const noFile = await post(streamedForm({ kind: "RELEASE" }, null));
    expect(noFile.status).toBe(422);
    expect((await noFile.json()).error.fields).toHaveProperty("file");
    const form = streamedForm({}, null);
    const notMultipart = await post({ ...form, contentType: "application/json" });
    expect(notMultipart.status).toBe(400);
    await expect.poll(nothingLeft, { timeout: 5_000 }).toEqual(before);
  });

  it("content refused after streaming (text sent as footage) → 415, and the staged file is removed", async () => {
    const before = await nothingLeft();
    const res = await post(
      streamedForm({ kind: "TARGET_FOOTAGE" }, { name: "shot.mp4", bytes: Buffer.from("not a video at all\n".repeat(10_000)) }),
    );
    expect(res.status).toBe(415);
    await expect.poll(nothingLeft, { timeout: 5_000 }).toEqual(before);
  });
});

describe("likeness photo form", () => {
  it("refuses a photo over LIKENESS_PHOTO_MAX_BYTES while streaming, naming the file field", async () => {
    process.env.LIKENESS_PHOTO_MAX_BYTES = String(100 * 1024);
    try {
      const before = await stagedDirs();
      const form = streamedForm({ profileId: "p1" }, { name: "face.jpg", bytes: randomBytes(5 * MiB) }, { holdAfter: 512 * 1024 });
      const req = new Request("http://localhost/api/likeness-assets", {
        method: "POST",
        headers: { "content-type": form.contentType },
        body: form.body,
        duplex: "half",
      } as RequestInit);
      const err = await readLikenessPhotoForm(req).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).httpStatus).toBe(413);
      expect((err as AppError).fields).toEqual({ file: "The file is larger than the 100 KB limit." });
      expect(form.stats.pulled).toBeLessThanOrEqual(512 * 1024);
      form.stats.release();
      expect(await stagedDirs()).toEqual(before);
    } finally {
      delete process.env.LIKENESS_PHOTO_MAX_BYTES;
    }
  });

  it("hands over the profile id and the staged photo, which dispose() removes", async () => {
    const photo = randomBytes(300 * 1024);
    const form = streamedForm({ profileId: "p1" }, { name: "face.jpg", bytes: photo });
    const req = new Request("http://localhost/api/likeness-assets", {
      method: "POST",
      headers: { "content-type": form.contentType },
      body: form.body,
      duplex: "half",
    } as RequestInit);
    const read = await readLikenessPhotoForm(req);
    expect(read.profileId).toBe("p1");
    if (!("staged" in read.file)) throw new Error("expected a staged file");
    expect(read.file.name).toBe("face.jpg");
    expect(read.file.staged.byteSize).toBe(photo.length);
    expect((await readFile(read.file.staged.path)).equals(photo)).toBe(true);
    await read.dispose();
    await expect(readFile(read.file.staged.path)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("streamed uploads into S3 storage", () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
    Object.assign(process.env, s3.env);
  });
  afterAll(async () => {
    for (const k of Object.keys(s3?.env ?? {})) delete process.env[k];
    await s3?.close();
  });

  it("stores a 20 MB video in the bucket (multipart), opens to the same bytes, and leaves nothing on the local disk", async () => {
    const localBefore = await blobFiles();
    const video = paddedMp4(20 * MiB);
    const res = await post(streamedForm({ kind: "TARGET_FOOTAGE" }, { name: "shot.mp4", bytes: video }));
    expect(res.status).toBe(201);
    const row = await t.db.studioUpload.findUniqueOrThrow({ where: { id: (await res.json()).id } });
    expect(await s3.keys()).toEqual([row.blobKey]);
    expect(await storedPlaintext(row.blobKey)).toBe(createHash("sha256").update(video).digest("hex"));
    expect(await blobFiles()).toEqual(localBefore);
  });

  it("a refused upload leaves no object in the bucket", async () => {
    const keysBefore = await s3.keys();
    const res = await post(
      streamedForm({ kind: "TARGET_FOOTAGE" }, { name: "shot.mp4", bytes: Buffer.from("plain text, not a video\n".repeat(1000)) }),
    );
    expect(res.status).toBe(415);
    expect(await s3.keys()).toEqual(keysBefore);
  });
});
