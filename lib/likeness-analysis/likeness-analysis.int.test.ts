import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { destroyBiometricsInTx } from "@/lib/profiles/destroy-biometrics";
import { deleteLikenessAsset, retryLikenessAnalysis, uploadLikenessAsset } from "@/lib/profiles/likeness-assets";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { createProfileWithConsent, createUser, makeJpeg, TEST_META, useTestStorage, type TestStorage } from "@/lib/testing/builders";
import { testPhoto } from "@/lib/testing/photos";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import type { ImageReport } from "@/ml/analysis/types";
import { augmentedPortraits } from "@/ml/testing/likeness-fixtures";
import { analyzePendingAssets, type AnalyzeImage } from "./analyze-pending-assets";
import { likenessSetReport } from "./likeness-set-report";
import { openDescriptor } from "./sealed-descriptor";

// Real photos through the real path: upload (encrypted), the worker's queue
// step with the real face models, the stored per-photo results, and the set
// report the photos page shows. The one person is human-sample-me.jpg in four
// phone-burst variants (crops, small rotations, exposure): the fixtures hold no
// other single-face shot of him (human-sample7/8 are group photos of 5 faces);
// Grace Hopper is another person; human-sample1 is a group photo;
// opencv-doc-fruits has no face.

const SAME_PERSON = ["me-0.jpg", "me-1.jpg", "me-2.jpg", "me-3.jpg"];
const ANOTHER_PERSON = "python-matplotlib-data-grace_hopper.jpg";
const GROUP = "human-sample1.jpg";
const NO_FACE = "opencv-doc-fruits.jpg";

let t: TestDatabase;
let storage: TestStorage;
let talent: Actor;
let profileId: string;
const assetIds = new Map<string, string>();

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  talent = await createUser(t.db, "TALENT");
  ({
    profile: { id: profileId },
  } = await createProfileWithConsent(t.db, talent));
  const photos = [
    ...(await augmentedPortraits(SAME_PERSON.length)),
    ...(await Promise.all([ANOTHER_PERSON, GROUP, NO_FACE].map(async (name) => ({ name, bytes: await readFile(testPhoto(name)) })))),
  ];
  for (const { name, bytes } of photos) {
    const asset = await uploadLikenessAsset({
      db: t.db,
      actor: talent,
      meta: TEST_META,
      profileId,
      file: { name, bytes: Buffer.from(bytes) },
    });
    assetIds.set(name, asset.id);
  }
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

const assetOf = (name: string) => t.db.likenessAsset.findUniqueOrThrow({ where: { id: assetIds.get(name)! } });
const dataKey = async (id: string) => {
  const p = await t.db.likenessProfile.findUniqueOrThrow({ where: { id } });
  return unwrapKey(masterKey(), Buffer.from(p.wrappedDataKey!));
};

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("likeness photo analysis", () => {
  it("starts every uploaded photo as pending, with an empty set report", async () => {
    const set = await likenessSetReport({ db: t.db, actor: talent, profileId });
    expect(set).toMatchObject({ total: 7, pending: 7, failed: 0, report: null });
    expect(set.photos.every((p) => p.status === "PENDING")).toBe(true);
  });

  it("analyses the pending photos in small batches and stores a report per photo, audited", async () => {
    const started = Date.now();
    const first = await analyzePendingAssets({ db: t.db, batchSize: 4 });
    expect(first).toEqual({ analyzed: 4, failed: 0, more: true });
    const second = await analyzePendingAssets({ db: t.db, batchSize: 4 });
    expect(second).toEqual({ analyzed: 3, failed: 0, more: false });
    console.log(`[likeness-analysis] 7 photos analysed in ${Date.now() - started} ms (model load included)`);

    for (const id of assetIds.values()) {
      const a = await t.db.likenessAsset.findUniqueOrThrow({ where: { id } });
      expect(a.analysisStatus).toBe("DONE");
      expect(a.analyzedAt).toBeInstanceOf(Date);
    }
    const events = await t.db.auditEvent.findMany({ where: { action: "likeness_asset.analyzed" } });
    expect(events.map((e) => e.subjectId).sort()).toEqual([...assetIds.values()].sort());
    expect(events.every((e) => e.actorUserId === null)).toBe(true);
  });

  it("rejects a photo without a face and a group photo with the reason", async () => {
    const noFace = (await assetOf(NO_FACE)).analysis as ImageReport;
    expect(noFace).toMatchObject({ facesFound: 0, usable: false, issues: [{ code: "no-face" }] });
    const group = (await assetOf(GROUP)).analysis as ImageReport;
    expect(group.facesFound).toBeGreaterThan(1);
    expect(group.issues.map((i) => i.code)).toEqual(["multiple-faces"]);
    expect(group.issues[0]!.message).toMatch(/faces found/);
    // No single face, so no descriptor is kept.
    expect((await assetOf(NO_FACE)).sealedDescriptor).toBeNull();
    expect((await assetOf(GROUP)).sealedDescriptor).toBeNull();
  });

  it("stores blur, face size and pose in plain JSON, and the descriptor only sealed", async () => {
    const key = await dataKey(profileId);
    for (const name of [...SAME_PERSON, ANOTHER_PERSON]) {
      const a = await assetOf(name);
      const report = a.analysis as ImageReport;
      expect(report).toMatchObject({ facesFound: 1, name, usable: true, issues: [] });
      expect(report.blurScore).toBeGreaterThan(0);
      expect(report.faceSize).toBeGreaterThan(50);
      expect(report.pose).toEqual({ yaw: expect.any(Number), pitch: expect.any(Number), roll: expect.any(Number) });
      expect(JSON.stringify(report).length).toBeLessThan(1000); // no 128-number descriptor in the JSON

      const sealed = Buffer.from(a.sealedDescriptor!);
      expect(sealed.length).toBe(12 + 16 + 128 * 4); // nonce, tag, 128 float32
      const descriptor = openDescriptor(key, a.id, sealed);
      expect(descriptor).toHaveLength(128);
      const plain = Buffer.from(new Float32Array(descriptor).buffer);
      expect(sealed.includes(plain.subarray(0, 16))).toBe(false);
      // Bound to its row: the same bytes do not open as another photo's descriptor.
      expect(() => openDescriptor(key, assetIds.get(GROUP)!, sealed)).toThrow();
    }
  });

  it("reports the set: usable count against ~300, another person flagged, pose grid and advice", async () => {
    const set = await likenessSetReport({ db: t.db, actor: talent, profileId });
    expect(set).toMatchObject({ total: 7, pending: 0, failed: 0 });
    const report = set.report!;
    expect(report.imageCount).toBe(7);
    expect(report.recommendedCount).toBe(300);
    expect(report.identity.outliers).toEqual([ANOTHER_PERSON]);
    expect(report.usableCount).toBe(4);
    const photo = (name: string) => set.photos.find((p) => p.assetId === assetIds.get(name))!;
    expect(photo(ANOTHER_PERSON).image!.issues.map((i) => i.code)).toContain("possibly-another-person");
    for (const name of SAME_PERSON) expect(photo(name).image).toMatchObject({ usable: true, issues: [] });
    // The stored per-photo result keeps only its own issues; the set decides about identity.
    expect(((await assetOf(ANOTHER_PERSON)).analysis as ImageReport).issues).toEqual([]);

    expect(report.poseGrid.counts.flat().reduce((s, n) => s + n, 0)).toBe(4);
    expect(Buffer.from(report.poseGrid.pngBase64, "base64").subarray(1, 4).toString()).toBe("PNG");
    expect(report.advice[0]).toMatch(/^Add more photos: 4 usable of about 300/);
    expect(report.advice.some((a) => a.startsWith("Check 1 photo(s) that may show someone else"))).toBe(true);
  });

  it("shows the set report only to the profile's managers", async () => {
    const stranger = await createUser(t.db, "TALENT");
    await expect(likenessSetReport({ db: t.db, actor: stranger, profileId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("records a failed analysis with its reason and goes on", async () => {
    const other = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, other);
    const asset = await uploadLikenessAsset({
      db: t.db,
      actor: other,
      meta: TEST_META,
      profileId: profile.id,
      file: { name: "broken.jpg", bytes: await makeJpeg() },
    });
    const failing: AnalyzeImage = async () => {
      throw new Error("the face model ran out of memory");
    };
    expect(await analyzePendingAssets({ db: t.db, analyze: failing })).toEqual({ analyzed: 0, failed: 1, more: false });
    const a = await t.db.likenessAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(a).toMatchObject({
      analysisStatus: "FAILED",
      analysisError: "the face model ran out of memory",
      analysis: null,
      sealedDescriptor: null,
    });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "likeness_asset.analysis_failed", subjectId: asset.id } });
    expect(event.payload).toMatchObject({ reason: "the face model ran out of memory" });
    const set = await likenessSetReport({ db: t.db, actor: other, profileId: profile.id });
    expect(set).toMatchObject({
      total: 1,
      pending: 0,
      failed: 1,
      report: null,
      photos: [{ status: "FAILED", error: "the face model ran out of memory" }],
    });
  });

  it("a failed photo can be queued again by its manager, once, and the worker then analyzes it", async () => {
    const other = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, other);
    const asset = await uploadLikenessAsset({
      db: t.db,
      actor: other,
      meta: TEST_META,
      profileId: profile.id,
      file: { name: "retry.jpg", bytes: await makeJpeg() },
    });
    const failing: AnalyzeImage = async () => {
      throw new Error("the face model did not load");
    };
    await analyzePendingAssets({ db: t.db, analyze: failing });
    expect(await retryLikenessAnalysis({ db: t.db, actor: other, meta: TEST_META, assetId: asset.id })).toEqual({
      assetId: asset.id,
      analysisStatus: "PENDING",
    });
    const queued = await t.db.likenessAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(queued).toMatchObject({ analysisStatus: "PENDING", analysisError: null, analyzedAt: null });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "likeness_asset.analysis_requeued", subjectId: asset.id } });
    expect(event.payload).toMatchObject({ profileId: profile.id, previousError: "the face model did not load" });
    // A second click finds it PENDING, not FAILED: 409, nothing written.
    const events = await t.db.auditEvent.count();
    await expect(retryLikenessAnalysis({ db: t.db, actor: other, meta: TEST_META, assetId: asset.id })).rejects.toMatchObject({
      code: "CONFLICT",
      httpStatus: 409,
    });
    expect(await t.db.auditEvent.count()).toBe(events);
    // The next worker run picks it up like any new photo.
    const working: AnalyzeImage = async (image) => ({
      report: {
        name: image.name,
        usable: false,
        issues: [{ code: "no-face", message: "No face found." }],
        width: 256,
        height: 256,
        facesFound: 0,
      },
    });
    expect(await analyzePendingAssets({ db: t.db, analyze: working })).toMatchObject({ analyzed: 1, failed: 0 });
    expect((await t.db.likenessAsset.findUniqueOrThrow({ where: { id: asset.id } })).analysisStatus).toBe("DONE");
  });

  it("never gives one photo to two workers (FOR UPDATE SKIP LOCKED)", async () => {
    const other = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, other);
    for (const name of ["first.jpg", "second.jpg"]) {
      await uploadLikenessAsset({
        db: t.db,
        actor: other,
        meta: TEST_META,
        profileId: profile.id,
        file: { name, bytes: await makeJpeg() },
      });
    }
    const stub =
      (seen: string[], gate?: Promise<void>, claimed?: () => void): AnalyzeImage =>
      async (image) => {
        seen.push(image.name);
        claimed?.();
        await gate;
        return {
          report: {
            name: image.name,
            usable: false,
            issues: [{ code: "no-face", message: "No face found." }],
            width: 256,
            height: 256,
            facesFound: 0,
          },
        };
      };
    const aSeen: string[] = [],
      bSeen: string[] = [],
      cSeen: string[] = [];
    const aClaimed = deferred(),
      release = deferred();
    // Worker A takes the oldest photo and holds it until released.
    const a = analyzePendingAssets({ db: t.db, batchSize: 1, analyze: stub(aSeen, release.promise, aClaimed.resolve) });
    await aClaimed.promise;
    // Worker B, meanwhile, skips A's row and takes the other one.
    expect(await analyzePendingAssets({ db: t.db, batchSize: 5, analyze: stub(bSeen) })).toEqual({ analyzed: 1, failed: 0, more: true });
    // Worker C finds only A's locked row: nothing for it.
    expect(await analyzePendingAssets({ db: t.db, batchSize: 5, analyze: stub(cSeen) })).toMatchObject({ analyzed: 0, failed: 0 });
    release.resolve();
    expect(await a).toEqual({ analyzed: 1, failed: 0, more: false });
    expect(aSeen).toEqual(["first.jpg"]);
    expect(bSeen).toEqual(["second.jpg"]);
    expect(cSeen).toEqual([]);
    const statuses = await t.db.likenessAsset.findMany({ where: { profileId: profile.id }, select: { analysisStatus: true } });
    expect(statuses.map((s) => s.analysisStatus)).toEqual(["DONE", "DONE"]);
  });

  it("deleting a photo removes its sealed descriptor (the profile's key still opens others) and updates the set report", async () => {
    const name = SAME_PERSON[3]!;
    await deleteLikenessAsset({ db: t.db, actor: talent, meta: TEST_META, assetId: assetIds.get(name)! });
    expect((await assetOf(name)).sealedDescriptor).toBeNull();
    const set = await likenessSetReport({ db: t.db, actor: talent, profileId });
    expect(set.total).toBe(6);
    expect(set.report!.usableCount).toBe(3);
    expect(set.report!.identity.outliers).toEqual([ANOTHER_PERSON]);
  });

  it("destroying the biometrics makes the sealed descriptors unreadable", async () => {
    const a = await assetOf(SAME_PERSON[0]!);
    const backup = Buffer.from(a.sealedDescriptor!); // as a database backup would still hold it
    const key = await dataKey(profileId);
    expect(openDescriptor(key, a.id, backup)).toHaveLength(128);

    const deleteFiles = await t.db.$transaction((tx) =>
      destroyBiometricsInTx(tx, { profileId, actor: talent, meta: TEST_META, reason: "test", at: new Date() }),
    );
    await deleteFiles();

    const profile = await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } });
    expect(profile.wrappedDataKey).toBeNull();
    expect((await assetOf(SAME_PERSON[0]!)).sealedDescriptor).toBeNull();
    // The only key that opened it is gone; no other key does.
    expect(() => openDescriptor(randomBytes(32), a.id, backup)).toThrow();
    expect(() => openDescriptor(masterKey(), a.id, backup)).toThrow();
    expect(await likenessSetReport({ db: t.db, actor: talent, profileId })).toMatchObject({ total: 0, report: null });
  });
});
