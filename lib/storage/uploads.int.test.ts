import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import type { Actor } from "@/lib/auth/actor";
import type { UploadKind } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { uploadLikenessAsset } from "@/lib/profiles/likeness-assets";
import { createStudioUpload } from "@/lib/studios/studio-uploads";
import {
  caught,
  createProfileWithConsent,
  createStudio,
  createUser,
  makeJpeg,
  makePdf,
  makePng,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// Bad uploads get a clear error naming the form field, with the right HTTP
// status, and leave nothing behind: no row, no blob file, no audit event.

let t: TestDatabase;
let storage: TestStorage;
let talent: Actor;
let studio: Actor;
let profileId: string;
let jpeg: Buffer;

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  [talent, studio] = await Promise.all([createUser(t.db, "TALENT"), createStudio(t.db)]);
  ({
    profile: { id: profileId },
  } = await createProfileWithConsent(t.db, talent));
  jpeg = await makeJpeg(256, 256);
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

afterEach(() => {
  delete process.env.LIKENESS_PHOTO_MAX_BYTES;
  delete process.env.LIKENESS_PHOTO_MAX_PIXELS;
  delete process.env.LIKENESS_FOOTAGE_MAX_BYTES;
});

const photo = (name: string, bytes: Buffer) => () =>
  uploadLikenessAsset({ db: t.db, actor: talent, meta: TEST_META, profileId, file: { name, bytes } });
const studioFile = (kind: UploadKind, name: string, bytes: Buffer) => () =>
  createStudioUpload({ db: t.db, actor: studio, meta: TEST_META, kind, file: { name, bytes } });

/** Runs a bad upload and checks the error and that nothing was stored. */
async function expectRefused(run: () => Promise<unknown>, want: { code: string; status: number; field: string; message: RegExp }) {
  const before = {
    assets: await t.db.likenessAsset.count(),
    uploads: await t.db.studioUpload.count(),
    events: await t.db.auditEvent.count(),
    files: await storage.files(),
  };
  const err = await caught(run);
  expect(err).toBeInstanceOf(AppError);
  expect({ code: err.code, status: err.httpStatus }).toEqual({ code: want.code, status: want.status });
  expect(err.message).toMatch(want.message);
  expect(Object.keys(err.fields)).toEqual([want.field]);
  expect(err.fields[want.field]).toMatch(want.message);
  expect({
    assets: await t.db.likenessAsset.count(),
    uploads: await t.db.studioUpload.count(),
    events: await t.db.auditEvent.count(),
    files: await storage.files(),
  }).toEqual(before);
}

describe("reference photos (field: file)", () => {
  it("a good JPEG is stored encrypted (the check is not too strict)", async () => {
    const asset = await photo("face.jpg", jpeg)();
    expect(asset).toMatchObject({ mimeType: "image/jpeg", width: 256, height: 256, byteSize: jpeg.length });
    expect(await storage.files()).toContain(asset.blobKey);
  });

  it("oversized → 413", async () => {
    process.env.LIKENESS_PHOTO_MAX_BYTES = String(jpeg.length - 1);
    await expectRefused(photo("face.jpg", jpeg), { code: "PAYLOAD_TOO_LARGE", status: 413, field: "file", message: /limit/ });
  });

  it("a .jpg that is not an image (text) → 415", async () => {
    await expectRefused(photo("face.jpg", Buffer.from("This is not a picture, just some text pretending to be one.\n".repeat(20))), {
      code: "UNSUPPORTED_MEDIA_TYPE",
      status: 415,
      field: "file",
      message: /not a JPEG, PNG or WebP image/,
    });
  });

  it("a .jpg that is really a PDF → 415", async () => {
    await expectRefused(photo("face.jpg", makePdf()), {
      code: "UNSUPPORTED_MEDIA_TYPE",
      status: 415,
      field: "file",
      message: /content was checked/,
    });
  });

  it("a truncated JPEG → 422", async () => {
    const big = await makeJpeg(640, 640, 95);
    await expectRefused(photo("face.jpg", big.subarray(0, Math.floor(big.length / 2))), {
      code: "VALIDATION",
      status: 422,
      field: "file",
      message: /damaged or truncated/,
    });
  });

  it("too many pixels (a small file that decodes huge) → 413", async () => {
    const bomb = await makePng(8000, 6000); // 48 MP, a few hundred KB
    await expectRefused(photo("face.png", bomb), {
      code: "PAYLOAD_TOO_LARGE",
      status: 413,
      field: "file",
      message: /48\.0 MP.*limit is 40 MP/,
    });
  });

  it("too small to show a face → 422", async () => {
    await expectRefused(photo("face.jpg", await makeJpeg(100, 100)), {
      code: "VALIDATION",
      status: 422,
      field: "file",
      message: /at least 128 px/,
    });
  });

  it("an empty file → 422", async () => {
    await expectRefused(photo("face.jpg", Buffer.alloc(0)), { code: "VALIDATION", status: 422, field: "file", message: /empty/ });
  });

  it("a database failure after the file was written removes the file again", async () => {
    const raw = new pg.Client({ connectionString: t.ownerUrl }); // the owner: the application may not create triggers
    await raw.connect();
    try {
      await raw.query(
        `CREATE FUNCTION test_fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`,
      );
      await raw.query(`CREATE TRIGGER test_fail BEFORE INSERT ON "LikenessAsset" FOR EACH ROW EXECUTE FUNCTION test_fail()`);
      const files = await storage.files();
      const assets = await t.db.likenessAsset.count();
      await expect(photo("face.jpg", jpeg)()).rejects.toThrow(/injected failure/);
      expect(await storage.files()).toEqual(files);
      expect(await t.db.likenessAsset.count()).toBe(assets);
    } finally {
      await raw.query(`DROP TRIGGER IF EXISTS test_fail ON "LikenessAsset"`);
      await raw.end();
    }
  });
});

describe("studio footage (field: targetFootage) and releases (field: release)", () => {
  it("oversized footage → 413", async () => {
    process.env.LIKENESS_FOOTAGE_MAX_BYTES = "1000";
    await expectRefused(studioFile("TARGET_FOOTAGE", "shot.jpg", jpeg), {
      code: "PAYLOAD_TOO_LARGE",
      status: 413,
      field: "targetFootage",
      message: /limit/,
    });
  });

  it("an oversized release at the default limit (20 MB) → 413", async () => {
    const pdf = makePdf();
    const big = Buffer.concat([pdf.subarray(0, 9), Buffer.alloc(21 * 1024 * 1024, 0x20), pdf.subarray(9)]);
    await expectRefused(studioFile("RELEASE", "release.pdf", big), {
      code: "PAYLOAD_TOO_LARGE",
      status: 413,
      field: "release",
      message: /limit is 20 MB/,
    });
  });

  it("a .mp4 that is not a video (an MP4 header over garbage) → 422", async () => {
    const fake = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from("ftypisom"),
      Buffer.alloc(4),
      Buffer.from("garbage ".repeat(500)),
    ]);
    await expectRefused(studioFile("TARGET_FOOTAGE", "shot.mp4", fake), {
      code: "VALIDATION",
      status: 422,
      field: "targetFootage",
      message: /could not be read/,
    });
  });

  it("a .mp4 that is a text file → 415", async () => {
    await expectRefused(studioFile("TARGET_FOOTAGE", "shot.mp4", Buffer.from("#!/bin/sh\necho not a video\n".repeat(10))), {
      code: "UNSUPPORTED_MEDIA_TYPE",
      status: 415,
      field: "targetFootage",
      message: /MP4, MOV or WebM video/,
    });
  });

  it("a release that is a truncated PDF → 422", async () => {
    const pdf = makePdf();
    await expectRefused(studioFile("RELEASE", "release.pdf", pdf.subarray(0, pdf.length - 20)), {
      code: "VALIDATION",
      status: 422,
      field: "release",
      message: /incomplete or damaged/,
    });
  });

  it("a release that is a video → 415", async () => {
    const fake = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypisom"), Buffer.alloc(64)]);
    await expectRefused(studioFile("RELEASE", "release.pdf", fake), {
      code: "UNSUPPORTED_MEDIA_TYPE",
      status: 415,
      field: "release",
      message: /PDF/,
    });
  });

  it("a truncated still as footage → 422", async () => {
    const big = await makeJpeg(640, 480, 95);
    await expectRefused(studioFile("TARGET_FOOTAGE", "shot.jpg", big.subarray(0, big.length - 2000)), {
      code: "VALIDATION",
      status: 422,
      field: "targetFootage",
      message: /damaged or truncated/,
    });
  });

  it("a good release PDF and still footage are accepted", async () => {
    const release = await studioFile("RELEASE", "release.pdf", makePdf())();
    const footage = await studioFile("TARGET_FOOTAGE", "shot.jpg", jpeg)();
    expect([release.mimeType, footage.mimeType]).toEqual(["application/pdf", "image/jpeg"]);
  });
});
