import { existsSync } from "node:fs";
import { scanFootagePerformers } from "@/lib/footage/scan-performers";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { retentionDays } from "@/lib/config";
import { withdrawRequest } from "@/lib/requests/withdraw-request";
import { runRetention } from "@/lib/retention/run-retention";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  DAY_MS,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  uploadRequestFiles,
  uploadStudioFile,
  uploadTestPhoto,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// The published retention schedule, enforced by the job: likeness data goes N
// days after consent ends, studio footage M days after its requests close.
// Each scenario runs the job at chosen times and looks only at its own rows.

let t: TestDatabase;
let storage: TestStorage;
let studio: Actor;
const days = retentionDays();

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  studio = await createStudio(t.db);
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

const blobExists = (key: string) => existsSync(path.join(storage.dir, key));
const profileState = async (id: string) => {
  const p = await t.db.likenessProfile.findUniqueOrThrow({ where: { id }, include: { assets: true } });
  return {
    keyErased: p.wrappedDataKey === null,
    destroyedAt: p.biometricsDestroyedAt,
    assetsDestroyed: p.assets.map((a) => a.destroyedAt !== null),
  };
};

async function talentWithPhotos(consent: { expiresAt?: Date } = {}) {
  const talent = await createUser(t.db, "TALENT");
  const { profile } = await createProfileWithConsent(t.db, talent, consent);
  const photos = [await uploadTestPhoto(t.db, talent, profile.id), await uploadTestPhoto(t.db, talent, profile.id)];
  return { talent, profile, photos };
}

describe("likeness data after consent ends", () => {
  it(`is destroyed ${days.afterConsentEnds} days after revocation, not before, and only once`, async () => {
    const { talent, profile, photos } = await talentWithPhotos();
    const keep = await talentWithPhotos(); // consent active: never touched
    const revokedAt = new Date();
    await revokeConsent({ db: t.db, actor: talent, meta: TEST_META, now: revokedAt, input: { profileId: profile.id, reason: "Done" } });

    await runRetention({ db: t.db, now: new Date(revokedAt.getTime() + (days.afterConsentEnds - 1) * DAY_MS) });
    expect(await profileState(profile.id)).toEqual({ keyErased: false, destroyedAt: null, assetsDestroyed: [false, false] });
    expect(photos.every((p) => blobExists(p.blobKey))).toBe(true);

    const due = new Date(revokedAt.getTime() + (days.afterConsentEnds + 1) * DAY_MS);
    await runRetention({ db: t.db, now: due });
    expect(await profileState(profile.id)).toEqual({ keyErased: true, destroyedAt: due, assetsDestroyed: [true, true] });
    expect(photos.some((p) => blobExists(p.blobKey))).toBe(false);
    expect(await profileState(keep.profile.id)).toMatchObject({ keyErased: false, destroyedAt: null });
    expect(keep.photos.every((p) => blobExists(p.blobKey))).toBe(true);

    // Idempotent: a second run destroys nothing more and writes no second event.
    const again = await runRetention({ db: t.db, now: new Date(due.getTime() + DAY_MS) });
    expect(again.destroyedProfiles).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: "biometrics.destroyed", subjectId: profile.id } })).toBe(1);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "biometrics.destroyed", subjectId: profile.id } });
    expect(event).toMatchObject({ actorUserId: null, payload: expect.objectContaining({ assetCount: 2 }) });
  });

  it(`is destroyed ${days.afterConsentEnds} days after the consent expires, not before`, async () => {
    const expiresAt = new Date(Date.now() + 100 * DAY_MS);
    const { profile, photos } = await talentWithPhotos({ expiresAt });
    await runRetention({ db: t.db, now: new Date(expiresAt.getTime() - DAY_MS) });
    await runRetention({ db: t.db, now: new Date(expiresAt.getTime() + (days.afterConsentEnds - 1) * DAY_MS) });
    expect((await profileState(profile.id)).keyErased).toBe(false);
    expect(photos.every((p) => blobExists(p.blobKey))).toBe(true);
    const due = new Date(expiresAt.getTime() + (days.afterConsentEnds + 1) * DAY_MS);
    const res = await runRetention({ db: t.db, now: due });
    expect(res.destroyedProfiles).toBeGreaterThanOrEqual(1);
    expect(await profileState(profile.id)).toEqual({ keyErased: true, destroyedAt: due, assetsDestroyed: [true, true] });
    expect(photos.some((p) => blobExists(p.blobKey))).toBe(false);
    const second = await runRetention({ db: t.db, now: due });
    expect(second.destroyedProfiles).toBe(0);
  });
});

describe("studio footage after its requests close", () => {
  it(`is destroyed ${days.footageAfterClose} days after its request closed, not before; open requests keep theirs`, async () => {
    const talent = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, talent);
    const offer = await publishTestOffer(t.db, talent, profile.id);
    const closedFiles = await uploadRequestFiles(t.db, studio);
    const openFiles = await uploadRequestFiles(t.db, studio);
    const closed = await submitTestRequest(t.db, studio, offer.id, { uploads: closedFiles });
    await submitTestRequest(t.db, studio, offer.id, { uploads: openFiles }); // stays pending
    await withdrawRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: closed.request.id });
    const closedAt = (await t.db.swapRequest.findUniqueOrThrow({ where: { id: closed.request.id } })).updatedAt;
    const unused = await uploadStudioFile(t.db, studio, "TARGET_FOOTAGE"); // used by no request
    // The people found in the footage are biometric data too: they go with it.
    const onePerson = async () => ({
      kind: "image" as const,
      framesExamined: 1,
      performers: [
        {
          id: "p1",
          descriptor: Array<number>(128).fill(0.1),
          thumbnailJpeg: new Uint8Array([0xff, 0xd8, 0xff]),
          frames: 1,
          firstSeenSeconds: 0,
          medianFaceSize: 120,
        },
      ],
    });
    await scanFootagePerformers({ db: t.db, uploadId: closedFiles.targetUploadId, find: onePerson });
    const performersKey = (await t.db.studioUpload.findUniqueOrThrow({ where: { id: closedFiles.targetUploadId } })).performersBlobKey!;
    expect(blobExists(performersKey)).toBe(true);
    const uploadRows = async () =>
      Object.fromEntries(
        (
          await t.db.studioUpload.findMany({
            where: { id: { in: [closedFiles.targetUploadId, closedFiles.releaseUploadId, openFiles.targetUploadId, unused.id] } },
          })
        ).map((u) => [u.id, u]),
      );
    const keyOf = async (id: string) => (await t.db.studioUpload.findUniqueOrThrow({ where: { id } })).blobKey;

    await runRetention({ db: t.db, now: new Date(closedAt.getTime() + (days.footageAfterClose - 1) * DAY_MS) });
    let rows = await uploadRows();
    expect(Object.values(rows).every((u) => u.destroyedAt === null)).toBe(true);

    const due = new Date(closedAt.getTime() + (days.footageAfterClose + 1) * DAY_MS);
    const res = await runRetention({ db: t.db, now: due });
    rows = await uploadRows();
    expect(rows[closedFiles.targetUploadId]!.destroyedAt).toEqual(due);
    expect(rows[closedFiles.releaseUploadId]!.destroyedAt).toEqual(due);
    expect(rows[unused.id]!.destroyedAt).toEqual(due);
    expect(rows[openFiles.targetUploadId]!.destroyedAt).toBeNull();
    expect(blobExists(await keyOf(closedFiles.targetUploadId))).toBe(false);
    expect(blobExists(performersKey)).toBe(false);
    expect(rows[closedFiles.targetUploadId]).toMatchObject({ performers: null, performersBlobKey: null });
    expect(blobExists(await keyOf(unused.id))).toBe(false);
    expect(blobExists(await keyOf(openFiles.targetUploadId))).toBe(true);
    expect(res.destroyedUploads).toBeGreaterThanOrEqual(3);
    expect(await t.db.auditEvent.count({ where: { action: "upload.destroyed", subjectId: closedFiles.targetUploadId } })).toBe(1);

    const again = await runRetention({ db: t.db, now: due });
    expect(again.destroyedUploads).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: "upload.destroyed", subjectId: closedFiles.targetUploadId } })).toBe(1);
  });
});
