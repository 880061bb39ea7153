import { createHash } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { analyzePendingAssets } from "@/lib/likeness-analysis/analyze-pending-assets";
import { applyPaymentEvent } from "@/lib/orders/apply-payment-event";
import { startCheckout } from "@/lib/orders/start-checkout";
import { createLocalProvider, localCheckoutEvent, signLocalEvent } from "@/lib/payments/local-provider";
import { deleteLikenessAsset } from "@/lib/profiles/likeness-assets";
import { runRenderJob } from "@/lib/render/run-render-job";
import { runRetention } from "@/lib/retention/run-retention";
import { getSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  uploadStudioFile,
  uploadTestPhoto,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { uploadAnalyzedLikenessSet, uploadFootageClip } from "@/lib/testing/render-fixtures";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { deserializeCheckpoint } from "@/ml/model/checkpoint";
import { augmentedPortraits } from "@/ml/testing/likeness-fixtures";
import { talentModelKeyFor } from "./keys";
import { queueTalentModelIfChanged, usablePhotoSet } from "./queue-talent-model";
import { trainTalentModel } from "./train-talent-model";

// A talent's base model on a real PostgreSQL with the real engine (tiny
// preset, a few steps on cpu): queued when the photo analysis completes,
// trained by the base-model job on the real photos against the public face
// pool, stored sealed with the profile's key; an order then fine-tunes from
// it; revoking consent with destruction deletes it and the order's checkpoint.

const SECRET = "talent-model-test-secret-0123456789";
const provider = createLocalProvider({ secret: SECRET, baseUrl: "http://localhost:3000" });

let t: TestDatabase;
let storage: TestStorage;
let talent: Actor, studio: Actor;
let profileId: string;

const baseModelJobs = async () =>
  (
    await t.db.$queryRaw<
      Array<{ n: number }>
    >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'base-model' AND singleton_key = ${profileId} AND state < 'completed'`
  )[0]!.n;
const auditCount = (action: string) => t.db.auditEvent.count({ where: { action } });
const profileKey = async () =>
  unwrapKey(masterKey(), Buffer.from((await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } })).wrappedDataKey!));

beforeAll(async () => {
  process.env.LIKENESS_BASE_MODEL_STEPS = "4";
  process.env.LIKENESS_RENDER_STEPS = "4";
  storage = await useTestStorage();
  t = await createTestDatabase();
  talent = await createUser(t.db, "TALENT");
  studio = await createStudio(t.db);
  ({
    profile: { id: profileId },
  } = await createProfileWithConsent(t.db, talent));
  const { usable } = await uploadAnalyzedLikenessSet(t.db, talent, profileId, 3);
  expect(usable).toBe(3);
}, 240_000);

afterAll(async () => {
  delete process.env.LIKENESS_BASE_MODEL_STEPS;
  delete process.env.LIKENESS_RENDER_STEPS;
  await t?.drop();
  await storage?.cleanup();
});

describe("talent base model", () => {
  it("is queued once the likeness set's analysis completes: one row, one audit event, one job; the same set again changes nothing", async () => {
    const profile = await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } });
    const set = await usablePhotoSet(t.db, profile);
    expect(set.assetIds).toHaveLength(3);
    expect(set.hash).toBe(
      createHash("sha256")
        .update([...set.assetIds].sort().join("\n"))
        .digest("hex"),
    );
    const row = await t.db.talentModel.findUniqueOrThrow({ where: { profileId } });
    expect(row).toMatchObject({ status: "queued", preset: "tiny", steps: 4, photoSetHash: set.hash, trainedAt: null });
    expect(await auditCount("talent_model.queued")).toBe(1);
    expect(await baseModelJobs()).toBe(1);

    expect(await queueTalentModelIfChanged({ db: t.db, profileId })).toBe("unchanged");
    expect(await auditCount("talent_model.queued")).toBe(1);
    expect(await baseModelJobs()).toBe(1);
  });

  it("trains on the usable photos and stores the model sealed with the profile's key at talent-models/<profile>", async () => {
    const lines: string[] = [];
    expect(await trainTalentModel({ db: t.db, profileId, log: (l) => lines.push(l) })).toBe("trained");
    const row = await t.db.talentModel.findUniqueOrThrow({ where: { profileId } });
    expect(row).toMatchObject({ status: "trained", steps: 4, preset: "tiny", error: null });
    expect(row.trainedAt).toBeInstanceOf(Date);
    expect(await auditCount("talent_model.started")).toBe(1);
    const trained = await t.db.auditEvent.findFirstOrThrow({ where: { action: "talent_model.trained" } });
    expect(trained).toMatchObject({ subjectType: "TalentModel", subjectId: row.id });
    expect(trained.payload).toMatchObject({
      profileId,
      preset: "tiny",
      steps: 4,
      photoSetHash: row.photoSetHash,
      photoCount: 3,
      poolFaces: 2,
    });

    const key = talentModelKeyFor(profileId);
    expect(key).toBe(`talent-models/${profileId.toLowerCase()}`);
    expect(await storage.files()).toContain(key);
    const raw = await readFile(path.join(storage.dir, key));
    expect(raw.subarray(0, 4).toString()).not.toBe("LKAE"); // sealed at rest
    const model = deserializeCheckpoint(new Uint8Array(await getSealedBlob(key, await profileKey())), false);
    expect(model.meta.step).toBe(4);
    expect(model.model.config.name).toBe("tiny");
    for (const v of model.model.params.values()) v.dispose();

    // The job delivered twice (at-least-once queues) does nothing the second time.
    expect(await trainTalentModel({ db: t.db, profileId })).toBe("skipped");
    expect(lines.some((l) => l.includes("trained"))).toBe(true);
  }, 240_000);

  it("a changed photo set queues it again (one job per profile at a time) and retrains", async () => {
    const [extra] = await augmentedPortraits(1, "human-sample-me.jpg");
    await uploadTestPhoto(t.db, talent, profileId, Buffer.from(extra!.bytes));
    await analyzePendingAssets({ db: t.db });
    const row = await t.db.talentModel.findUniqueOrThrow({ where: { profileId } });
    expect(row.status).toBe("queued");
    const set = await usablePhotoSet(t.db, await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } }));
    expect(set.assetIds).toHaveLength(4);
    expect(row.photoSetHash).toBe(set.hash);
    expect(await auditCount("talent_model.queued")).toBe(2);
    // The first job was never taken by a worker here: the stately queue keeps that one queued job.
    expect(await baseModelJobs()).toBe(1);
    expect(await trainTalentModel({ db: t.db, profileId })).toBe("trained");
    expect(await t.db.talentModel.findUniqueOrThrow({ where: { profileId } })).toMatchObject({ status: "trained", photoSetHash: set.hash });
  }, 240_000);

  it("without a pool of other faces the job fails, recorded on the row and audited, and leaves no file", async () => {
    const other = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, other);
    expect((await uploadAnalyzedLikenessSet(t.db, other, profile.id, 2)).usable).toBe(2);
    const emptyPool = path.join(storage.dir, "..", `empty-pool-${profile.id}`);
    await mkdir(emptyPool, { recursive: true });
    process.env.LIKENESS_FACE_POOL_DIR = emptyPool;
    try {
      expect(await trainTalentModel({ db: t.db, profileId: profile.id })).toBe("failed");
    } finally {
      delete process.env.LIKENESS_FACE_POOL_DIR;
      await rm(emptyPool, { recursive: true, force: true });
    }
    const row = await t.db.talentModel.findUniqueOrThrow({ where: { profileId: profile.id } });
    expect(row).toMatchObject({ status: "failed", trainedAt: null });
    expect(row.error).toBe(`No pool of other faces: LIKENESS_FACE_POOL_DIR (${emptyPool}) holds no .jpg, .png or .webp photos.`);
    expect(await t.db.auditEvent.count({ where: { action: "talent_model.failed", subjectId: row.id } })).toBe(1);
    expect(await storage.files()).not.toContain(talentModelKeyFor(profile.id));
    // Not retried for the same set: it is queued again when the set changes.
    expect(await queueTalentModelIfChanged({ db: t.db, profileId: profile.id })).toBe("unchanged");
  }, 240_000);

  it("photos deleted below 2 usable: the hourly retention run destroys the model (row, audit event, file)", async () => {
    const other = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, other);
    expect((await uploadAnalyzedLikenessSet(t.db, other, profile.id, 2)).usable).toBe(2);
    expect(await trainTalentModel({ db: t.db, profileId: profile.id })).toBe("trained");
    expect(await storage.files()).toContain(talentModelKeyFor(profile.id));
    // Nothing changed: the sweep leaves it alone.
    expect((await runRetention({ db: t.db, now: new Date() })).requeuedTalentModels).toBe(0);
    expect((await t.db.talentModel.findUniqueOrThrow({ where: { profileId: profile.id } })).status).toBe("trained");

    const [first] = await t.db.likenessAsset.findMany({ where: { profileId: profile.id }, orderBy: { createdAt: "asc" } });
    await deleteLikenessAsset({ db: t.db, actor: other, meta: TEST_META, assetId: first!.id });
    await runRetention({ db: t.db, now: new Date() });
    const row = await t.db.talentModel.findUniqueOrThrow({ where: { profileId: profile.id } });
    expect(row.status).toBe("destroyed");
    expect(await storage.files()).not.toContain(talentModelKeyFor(profile.id));
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "talent_model.destroyed", subjectId: row.id } });
    expect(event.payload).toMatchObject({
      profileId: profile.id,
      previousStatus: "trained",
      reason: "The likeness set has 1 usable photo; a base model needs at least 2.",
    });
  }, 240_000);

  it("an order fine-tunes from it; revoking consent with destruction deletes it and every checkpoint of the profile's orders", async () => {
    const offer = await publishTestOffer(t.db, talent, profileId, { approvalMode: "AUTO" });
    const footage = await uploadFootageClip(t.db, studio);
    const release = await uploadStudioFile(t.db, studio, "RELEASE");
    const { request } = await submitTestRequest(t.db, studio, offer.id, {
      uploads: { targetUploadId: footage.id, releaseUploadId: release.id },
    });
    expect(request.status).toBe("approved");
    const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    const { body, signature } = signLocalEvent(
      SECRET,
      localCheckoutEvent(SECRET, {
        outcome: "paid",
        sessionId: order.checkoutSessionId!,
        orderId,
        amountMinor: order.amountMinor,
        currency: order.currency,
      }),
    );
    await applyPaymentEvent({ db: t.db, provider: "local", event: provider.parseWebhook(body, signature) });
    const job = await t.db.renderJob.findFirstOrThrow({ where: { orderId } });
    expect(await runRenderJob({ db: t.db, renderJobId: job.id, workerId: "test-worker" })).toBe("succeeded");
    const log = (await t.db.renderLogLine.findMany({ where: { jobId: job.id } })).map((l) => l.message);
    expect(log).toContain("fine-tuning from the talent's base model (4 steps); it was trained 4 steps");

    const checkpointKey = (await t.db.renderJob.findUniqueOrThrow({ where: { id: job.id } })).checkpointKey!;
    expect(checkpointKey).toBe(`render-checkpoints/${profileId.toLowerCase()}/${orderId.toLowerCase()}`);
    const before = await storage.files();
    expect(before).toEqual(expect.arrayContaining([talentModelKeyFor(profileId), checkpointKey]));

    await revokeConsent({
      db: t.db,
      actor: talent,
      meta: TEST_META,
      input: { profileId, reason: "Delete everything", destroyBiometrics: true },
    });
    const after = await storage.files();
    expect(after).not.toContain(talentModelKeyFor(profileId));
    expect(after.filter((f) => f.startsWith(`render-checkpoints/${profileId.toLowerCase()}/`))).toEqual([]);
    expect(after.filter((f) => f.startsWith("talent-models/"))).toEqual([]);
    const row = await t.db.talentModel.findUniqueOrThrow({ where: { profileId } });
    expect(row.status).toBe("destroyed");
    const destroyed = await t.db.auditEvent.findFirstOrThrow({ where: { action: "talent_model.destroyed", subjectId: row.id } });
    expect(destroyed.payload).toMatchObject({ profileId, previousStatus: "trained", orderCheckpointCount: 1 });
    // Nothing is queued or trained for a destroyed likeness.
    expect(await queueTalentModelIfChanged({ db: t.db, profileId })).toBe("destroyed");
    expect(await trainTalentModel({ db: t.db, profileId })).toBe("destroyed");
  }, 300_000);
});
