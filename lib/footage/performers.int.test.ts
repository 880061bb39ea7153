import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { openFaceDescriptor } from "@/lib/likeness-analysis/sealed-descriptor";
import { choosePerformer } from "@/lib/requests/choose-performer";
import { loadRenderInputs } from "@/lib/render/render-inputs";
import { getBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import {
  caught,
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  uploadStudioFile,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { checkoutAndPay, localPayments } from "@/lib/testing/order-fixtures";
import { uploadAnalyzedLikenessSet } from "@/lib/testing/render-fixtures";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { listFootagePerformers, performerThumbnail } from "./read-performers";
import { scanFootagePerformers, type FindPerformers, type PerformerScan } from "./scan-performers";
import { performerDescriptorAad } from "./stored-performers";

// The studio chooses whose face in its footage is replaced: new target footage
// is scanned by a worker job, the people found are listed with thumbnails
// (only to the studio that owns the footage), the choice is stored sealed with
// the request and audited, and the render receives that person's descriptor.

const payments = localPayments("performers-test-secret-0123456789");

let t: TestDatabase;
let storage: TestStorage;
let studio: Actor, otherStudio: Actor, talent: Actor;
let offerId: string, releaseUploadId: string;

const descriptor = (seed: number) => Array.from({ length: 128 }, (_, i) => Math.sin(seed * 31 + i) / 4);
const thumbnail = (r: number) =>
  sharp({ create: { width: 32, height: 32, channels: 3, background: { r, g: 90, b: 40 } } })
    .jpeg()
    .toBuffer();

/** A stand-in for ml/'s findPerformers with two people (the engine itself is tested in ml/ and below). */
async function twoPeople(): Promise<PerformerScan> {
  return {
    kind: "video",
    framesExamined: 40,
    performers: [
      { id: "p1", descriptor: descriptor(1), thumbnailJpeg: await thumbnail(200), frames: 38, firstSeenSeconds: 0, medianFaceSize: 180.4 },
      { id: "p2", descriptor: descriptor(2), thumbnailJpeg: await thumbnail(20), frames: 21, firstSeenSeconds: 1.5, medianFaceSize: 96 },
    ],
  };
}
const findTwo: FindPerformers = () => twoPeople();

async function scannedFootage(owner: Actor, find: FindPerformers = findTwo) {
  const upload = await uploadStudioFile(t.db, owner, "TARGET_FOOTAGE");
  expect(await scanFootagePerformers({ db: t.db, uploadId: upload.id, find })).not.toBe("skipped");
  return upload;
}

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  studio = await createStudio(t.db);
  otherStudio = await createStudio(t.db);
  talent = await createUser(t.db, "TALENT");
  const { profile } = await createProfileWithConsent(t.db, talent);
  await uploadAnalyzedLikenessSet(t.db, talent, profile.id, 3);
  releaseUploadId = (await uploadStudioFile(t.db, studio, "RELEASE")).id;
  offerId = (await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO" })).id;
}, 240_000);

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

describe("footage performer scan", () => {
  it("queues a scan job in the upload's transaction and marks the footage pending", async () => {
    const upload = await uploadStudioFile(t.db, studio, "TARGET_FOOTAGE");
    expect(upload.performerScan).toBe("pending");
    const jobs = await t.db.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'footage-performers' AND data->>'uploadId' = ${upload.id}`;
    expect(jobs[0]!.n).toBe(1);
    expect(await listFootagePerformers({ db: t.db, actor: studio, uploadId: upload.id })).toEqual({ status: "pending" });
    const release = await uploadStudioFile(t.db, studio, "RELEASE");
    expect(release.performerScan).toBeNull();
  });

  it("stores the people found: a summary without biometrics on the row, descriptors and thumbnails sealed, and an audit event", async () => {
    const upload = await scannedFootage(studio);
    const listed = await listFootagePerformers({ db: t.db, actor: studio, uploadId: upload.id });
    expect(listed).toEqual({
      status: "ready",
      kind: "video",
      framesExamined: 40,
      performers: [
        { id: "p1", frames: 38, firstSeenSeconds: 0, medianFaceSize: 180 },
        { id: "p2", frames: 21, firstSeenSeconds: 1.5, medianFaceSize: 96 },
      ],
    });
    const row = await t.db.studioUpload.findUniqueOrThrow({ where: { id: upload.id } });
    expect(JSON.stringify(row.performers)).not.toContain("descriptor");
    // The blob at rest is ciphertext: neither the thumbnail nor a descriptor value shows in it.
    const raw = await getBlob(row.performersBlobKey!);
    const thumb = await performerThumbnail({ db: t.db, actor: studio, uploadId: upload.id, performerId: "p2" });
    expect((await sharp(thumb).metadata()).format).toBe("jpeg");
    expect(raw.includes(thumb.subarray(0, 64))).toBe(false);
    expect(raw.toString("latin1")).not.toContain(String(descriptor(1)[5]));
    const events = await t.db.auditEvent.findMany({ where: { subjectId: upload.id, action: "upload.performers_found" } });
    expect(events.map((e) => e.payload)).toEqual([{ performers: 2, framesExamined: 40 }]);
  });

  it("records a scan the engine cannot finish as failed, with the reason, and does not run it twice", async () => {
    const upload = await uploadStudioFile(t.db, studio, "TARGET_FOOTAGE");
    const failing: FindPerformers = async () => {
      throw new Error("the footage could not be decoded");
    };
    expect(await scanFootagePerformers({ db: t.db, uploadId: upload.id, find: failing })).toEqual({ performers: 0 });
    expect(await listFootagePerformers({ db: t.db, actor: studio, uploadId: upload.id })).toEqual({
      status: "failed",
      error: "The people in this footage could not be found: the footage could not be decoded",
    });
    expect(await scanFootagePerformers({ db: t.db, uploadId: upload.id, find: findTwo })).toBe("skipped");
  });

  it("keeps another studio's footage out of reach: its performers, thumbnails and choice answer 404", async () => {
    const upload = await scannedFootage(studio);
    const { request } = await submitTestRequest(t.db, studio, offerId, { uploads: { targetUploadId: upload.id, releaseUploadId } });
    expect((await caught(() => listFootagePerformers({ db: t.db, actor: otherStudio, uploadId: upload.id }))).httpStatus).toBe(404);
    expect(
      (await caught(() => performerThumbnail({ db: t.db, actor: otherStudio, uploadId: upload.id, performerId: "p1" }))).httpStatus,
    ).toBe(404);
    expect(
      (await caught(() => choosePerformer({ db: t.db, actor: otherStudio, meta: TEST_META, requestId: request.id, performerId: "p2" })))
        .httpStatus,
    ).toBe(404);
    expect((await caught(() => listFootagePerformers({ db: t.db, actor: talent, uploadId: upload.id }))).httpStatus).toBe(403);
    expect((await t.db.swapRequest.findUniqueOrThrow({ where: { id: request.id } })).performerId).toBeNull();
  });
});

describe("choosing the performer", () => {
  it("stores the chosen person's descriptor sealed with the request, audits the choice, and hands it to the render", async () => {
    const upload = await scannedFootage(studio);
    const { request } = await submitTestRequest(t.db, studio, offerId, { uploads: { targetUploadId: upload.id, releaseUploadId } });
    expect(request.status).toBe("approved");
    expect(await choosePerformer({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, performerId: "p2" })).toEqual({
      requestId: request.id,
      performerId: "p2",
    });

    const row = await t.db.swapRequest.findUniqueOrThrow({ where: { id: request.id }, include: { studio: true } });
    expect(row.performerId).toBe("p2");
    const studioKey = unwrapKey(masterKey(), Buffer.from(row.studio.wrappedDataKey));
    const opened = openFaceDescriptor(studioKey, performerDescriptorAad(request.id), row.performerDescriptor!);
    opened.forEach((v, i) => expect(v).toBeCloseTo(descriptor(2)[i]!, 6));
    // Bound to its row: the same bytes do not open as another request's descriptor.
    expect(() => openFaceDescriptor(studioKey, performerDescriptorAad("another-request"), row.performerDescriptor!)).toThrow();
    const audit = await t.db.auditEvent.findMany({ where: { subjectId: request.id, action: "request.performer_chosen" } });
    expect(audit.map((e) => e.payload)).toEqual([{ uploadId: upload.id, performerId: "p2", previous: null }]);

    const orderId = await checkoutAndPay(t.db, payments, studio, request.id);
    const inputs = await loadRenderInputs(t.db, orderId);
    try {
      expect(inputs.performer?.id).toBe("p2");
      inputs.performer!.descriptor.forEach((v, i) => expect(v).toBeCloseTo(descriptor(2)[i]!, 6));
    } finally {
      await inputs.cleanup();
    }
    // Paid: the render has started, so the choice is closed.
    const late = await caught(() =>
      choosePerformer({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, performerId: "p1" }),
    );
    expect(late.httpStatus).toBe(409);
    expect(late.message).toMatch(/render has started/);
  }, 60_000);

  it("refuses a performer the footage does not have, and a choice while the scan is still running", async () => {
    const upload = await scannedFootage(studio);
    const { request } = await submitTestRequest(t.db, studio, offerId, { uploads: { targetUploadId: upload.id, releaseUploadId } });
    const unknown = await caught(() =>
      choosePerformer({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, performerId: "p9" }),
    );
    expect(unknown).toMatchObject({ httpStatus: 422, fields: { performerId: "Not a performer of this footage" } });

    const pendingUpload = await uploadStudioFile(t.db, studio, "TARGET_FOOTAGE");
    const { request: pendingRequest } = await submitTestRequest(t.db, studio, offerId, {
      uploads: { targetUploadId: pendingUpload.id, releaseUploadId },
    });
    const pending = await caught(() =>
      choosePerformer({ db: t.db, actor: studio, meta: TEST_META, requestId: pendingRequest.id, performerId: "p1" }),
    );
    expect(pending.httpStatus).toBe(409);
    expect(pending.message).toMatch(/still being scanned/);
  });

  it("renders the person seen most when nobody was chosen", async () => {
    const upload = await scannedFootage(studio);
    const { request } = await submitTestRequest(t.db, studio, offerId, { uploads: { targetUploadId: upload.id, releaseUploadId } });
    const orderId = await checkoutAndPay(t.db, payments, studio, request.id);
    const inputs = await loadRenderInputs(t.db, orderId);
    await inputs.cleanup();
    expect(inputs.performer).toBeNull();
  }, 60_000);
});
