import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { analyzePendingAssets } from "@/lib/likeness-analysis/analyze-pending-assets";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";
import { getBlob } from "@/lib/storage/blob-store";
import {
  addUsablePhotos,
  caught,
  createAdmin,
  createProfileWithConsent,
  createUser,
  makePdf,
  representTalent,
  signTestConsent,
  TEST_META,
  uploadTestPhoto,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { leftTurnClip, stillPhotoClip, turnedFacePortrait } from "@/ml/testing/head-turn-clips";
import { testPhoto } from "@/ml/testing/photos";
import { checkConsentVideo, type CheckVideo } from "./check-consent-video";
import { listReviewQueue } from "@/lib/review/review-queue";
import { readConsentVideoForReview, reviewVerification } from "./review-verification";
import { startVerification } from "./start-verification";
import { submitConsentVideo } from "./submit-consent-video";
import { identityStatusOf } from "./verification-status";

// "Verify it's you" on a real PostgreSQL: a challenge for the talent only,
// the consent video checked by content and sealed with the profile's key, the
// worker's check with the real engine on real faces (the stand-in clips of
// ml/testing/head-turn-clips.ts), admin review of borderline outcomes, and
// the video destroyed with the likeness set.

let t: TestDatabase;
let storage: TestStorage;
let dir: string;
let talent: Actor, agent: Actor, stranger: Actor, admin: Actor;
let profileId: string;

/** A check that returns a fixed outcome without the engine (the engine's own tests are in ml/liveness). */
const fixedOutcome =
  (
    outcome: "verified" | "rejected" | "review",
    reasons: Array<{ code: string; severity: "reject" | "review"; message: string }> = [],
  ): CheckVideo =>
  async () => ({
    report: {
      durationSeconds: 8,
      width: 640,
      height: 480,
      framesExamined: 64,
      faces: { none: 0, one: 64, many: 0 },
      medianFaceSize: 200,
      poses: [],
      descriptor: Array<number>(128).fill(0.05),
      descriptorSpread: 0.1,
      spoof: { antispoof: 0.7, liveness: 0.9 },
      mouthMovement: 0.03,
    },
    decision: { outcome, reasons: reasons as never, distance: 0.31, headTurns: { done: [], missing: [], rest: null, passed: true } },
  });

async function submitted(file: string, prompts?: string[]) {
  const v = await startVerification({ db: t.db, actor: talent, meta: TEST_META, profileId });
  if (prompts) await t.db.identityVerification.update({ where: { id: v.id }, data: { prompts } });
  await submitConsentVideo({
    db: t.db,
    actor: talent,
    meta: TEST_META,
    verificationId: v.id,
    file: { name: path.basename(file), bytes: await readFile(file) },
  });
  return v.id;
}

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), "likeness-identity-test-"));
  talent = await createUser(t.db, "TALENT");
  agent = await createUser(t.db, "AGENT");
  stranger = await createUser(t.db, "TALENT");
  admin = await createAdmin(t.db);
  await representTalent(t.db, agent, talent);
  const { profile } = await createProfileWithConsent(t.db, talent);
  profileId = profile.id;
  // The likeness set: her real photo, analysed by the real engine.
  await uploadTestPhoto(t.db, talent, profileId, await turnedFacePortrait());
  await analyzePendingAssets({ db: t.db, batchSize: 1 });
}, 240_000);

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe("the challenge", () => {
  it("is issued to the talent only, with a phrase and the three head turns in some order; a new one replaces an unanswered one", async () => {
    const first = await startVerification({ db: t.db, actor: talent, meta: TEST_META, profileId });
    expect(first.phrase).toMatch(/^[a-z]+ [a-z]+ [a-z]+ \d{2}$/);
    expect([...first.prompts].sort()).toEqual(["left", "right", "up"]);
    const second = await startVerification({ db: t.db, actor: talent, meta: TEST_META, profileId });
    expect((await t.db.identityVerification.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("expired");
    expect(second.status).toBe("awaiting_video");
    expect((await caught(() => startVerification({ db: t.db, actor: agent, meta: TEST_META, profileId }))).httpStatus).toBe(403);
    expect((await caught(() => startVerification({ db: t.db, actor: stranger, meta: TEST_META, profileId }))).httpStatus).toBe(404);
  });

  it("needs a usable photo to compare the video with", async () => {
    const other = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, other);
    const refused = await caught(() => startVerification({ db: t.db, actor: other, meta: TEST_META, profileId: profile.id }));
    expect(refused.httpStatus).toBe(409);
    expect(refused.message).toMatch(/usable photo/);
  });
});

describe("the consent video", () => {
  it("is checked by content and refused when it is not a video, or when the challenge has expired", async () => {
    const v = await startVerification({ db: t.db, actor: talent, meta: TEST_META, profileId });
    const pdf = await caught(() =>
      submitConsentVideo({ db: t.db, actor: talent, meta: TEST_META, verificationId: v.id, file: { name: "me.mp4", bytes: makePdf() } }),
    );
    expect(pdf.fields).toHaveProperty("video");
    const bytes = await readFile(await stillPhotoClip(dir));
    const late = await caught(() =>
      submitConsentVideo({
        db: t.db,
        actor: talent,
        meta: TEST_META,
        verificationId: v.id,
        file: { name: "me.mp4", bytes },
        now: new Date(Date.now() + 16 * 60_000),
      }),
    );
    expect(late.httpStatus).toBe(409);
    expect(late.message).toMatch(/expired/);
    expect(
      (
        await caught(() =>
          submitConsentVideo({ db: t.db, actor: stranger, meta: TEST_META, verificationId: v.id, file: { name: "me.mp4", bytes } }),
        )
      ).httpStatus,
    ).toBe(404);
  }, 60_000);

  it("is stored sealed with the profile's key, once, and queued for the check", async () => {
    const video = await stillPhotoClip(dir);
    const id = await submitted(video);
    const row = await t.db.identityVerification.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "analysing", videoMimeType: "video/mp4" });
    const plain = await readFile(video);
    expect((await getBlob(row.videoBlobKey!)).includes(plain.subarray(100, 164))).toBe(false);
    const jobs = await t.db.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'consent-video' AND data->>'verificationId' = ${id}`;
    expect(jobs[0]!.n).toBe(1);
    const again = await caught(() =>
      submitConsentVideo({ db: t.db, actor: talent, meta: TEST_META, verificationId: id, file: { name: "me.mp4", bytes: plain } }),
    );
    expect(again.httpStatus).toBe(409);
  }, 60_000);
});

describe("the check, with the real engine on real faces", () => {
  it("rejects a still photo held to the camera, saying which head turn was not seen", async () => {
    const id = await submitted(await stillPhotoClip(dir));
    expect(await checkConsentVideo({ db: t.db, verificationId: id })).toBe("rejected");
    const row = await t.db.identityVerification.findUniqueOrThrow({ where: { id } });
    expect((row.reasons as Array<{ code: string }>).map((r) => r.code)).toContain("head_turns_missing");
    expect(row.report).toMatchObject({ faces: { many: 0, none: 0 } });
    expect(JSON.stringify(row.report)).not.toContain("descriptor");
    expect((await identityStatusOf(t.db, profileId)).verified).toBe(false);
    expect(await t.db.auditEvent.count({ where: { subjectId: id, action: "identity.rejected" } })).toBe(1);
  }, 120_000);

  it("passes the asked head turn of the same person in a browser-like WebM; a still mouth sends it to review, and an admin verifies it", async () => {
    // The stand-in clip shows one real turn (to her left): the challenge is set to ask for that one.
    const id = await submitted(await leftTurnClip(dir, "webm"), ["left"]);
    expect(await checkConsentVideo({ db: t.db, verificationId: id })).toBe("review");
    const row = await t.db.identityVerification.findUniqueOrThrow({ where: { id } });
    // Nothing rejects it; a still mouth (and, on this re-encoded stand-in, possibly a low anti-spoofing score) is for a person to judge.
    const reasons = row.reasons as Array<{ code: string; severity: string }>;
    expect(
      reasons.map((r) => r.code),
      JSON.stringify(row.report),
    ).toContain("phrase_not_read");
    expect(reasons.every((r) => r.severity === "review" && ["phrase_not_read", "spoof_suspected"].includes(r.code))).toBe(true);
    expect((row.report as { turnsDone: unknown[]; distance: number }).turnsDone).toHaveLength(1);
    expect((row.report as { distance: number }).distance).toBeLessThan(0.5);
    expect(row.sealedDescriptor).not.toBeNull();

    // The admin queue shows it with its video (decrypted for admins only) and the reasons.
    const item = (await listReviewQueue({ db: t.db, actor: admin })).items.find((i) => i.id === id);
    if (item?.kind !== "liveness") throw new Error("the video is not in the review queue");
    expect(item).toMatchObject({ hasVideo: true, prompts: ["left"], profile: { id: profileId } });
    expect(item.reasons.map((r) => r.code)).toContain("phrase_not_read");
    const video = await readConsentVideoForReview({ db: t.db, actor: admin, verificationId: id });
    expect(video.mimeType).toBe("video/webm");
    expect(createHash("sha256").update(video.bytes).digest("hex")).toBe(row.videoSha256);
    expect((await caught(() => readConsentVideoForReview({ db: t.db, actor: talent, verificationId: id }))).httpStatus).toBe(403);

    expect(
      (
        await caught(() =>
          reviewVerification({ db: t.db, actor: talent, meta: TEST_META, verificationId: id, decision: "approve", reason: "Looks right" }),
        )
      ).httpStatus,
    ).toBe(403);
    const noReason = await caught(() =>
      reviewVerification({ db: t.db, actor: admin, meta: TEST_META, verificationId: id, decision: "approve", reason: "" }),
    );
    expect(noReason.fields).toHaveProperty("reason");
    await reviewVerification({
      db: t.db,
      actor: admin,
      meta: TEST_META,
      verificationId: id,
      decision: "approve",
      reason: "Same person; she read the phrase quietly.",
    });
    const status = await identityStatusOf(t.db, profileId);
    expect(status.verified).toBe(true);
    expect(status.latest).toMatchObject({ id, status: "verified", reviewReason: "Same person; she read the phrase quietly." });
    expect(
      await t.db.auditEvent.count({ where: { subjectId: id, action: { in: ["identity.sent_to_review", "identity.review_approved"] } } }),
    ).toBe(2);
    // The consent in force now references the video that verified the face, by its hash, audited.
    const consent = await t.db.consentRecord.findFirstOrThrow({ where: { profileId }, orderBy: { version: "desc" } });
    expect(consent).toMatchObject({ consentVideoSha256: row.videoSha256, identityVerificationId: id });
    expect(await t.db.auditEvent.count({ where: { subjectId: consent.id, action: "consent.video_linked" } })).toBe(1);
    // Consent signed later carries the same reference.
    const profile = await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } });
    const next = await signTestConsent(t.db, talent, profile);
    expect(next).toMatchObject({ version: consent.version + 1, consentVideoSha256: row.videoSha256, identityVerificationId: id });
    expect(
      (
        await caught(() =>
          reviewVerification({
            db: t.db,
            actor: admin,
            meta: TEST_META,
            verificationId: id,
            decision: "reject",
            reason: "Changed my mind",
          }),
        )
      ).httpStatus,
    ).toBe(409);
  }, 120_000);
});

describe("after verification", () => {
  it("judges photos added later against the verified face: another person's photo is marked and never usable", async () => {
    expect((await identityStatusOf(t.db, profileId)).verified).toBe(true);
    const stranger = await uploadTestPhoto(t.db, talent, profileId, await readFile(testPhoto("python-matplotlib-data-grace_hopper.jpg")));
    await analyzePendingAssets({ db: t.db, batchSize: 1 });
    const profile = await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } });
    const report = await likenessSetReportOf(t.db, profile);
    expect(report.report!.identity.basis).toBe("reference");
    const photo = report.photos.find((p) => p.assetId === stranger.id)!;
    expect(photo.image!.usable).toBe(false);
    expect(photo.image!.issues.map((i) => i.code)).toContain("possibly-another-person");
    // Her own photo stays usable.
    expect(report.photos.filter((p) => p.assetId !== stranger.id).every((p) => p.image?.usable)).toBe(true);
  }, 120_000);
});

describe("destruction", () => {
  it("deletes the consent videos and their face descriptors with the likeness set; the record of the outcome stays", async () => {
    const other = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, other);
    await addUsablePhotos(t.db, other, profile.id, 1);
    const v = await startVerification({ db: t.db, actor: other, meta: TEST_META, profileId: profile.id });
    await submitConsentVideo({
      db: t.db,
      actor: other,
      meta: TEST_META,
      verificationId: v.id,
      file: { name: "me.mp4", bytes: await readFile(await stillPhotoClip(dir)) },
    });
    await checkConsentVideo({ db: t.db, verificationId: v.id, check: fixedOutcome("verified") });
    const before = await t.db.identityVerification.findUniqueOrThrow({ where: { id: v.id } });
    expect(before.sealedDescriptor).not.toBeNull();
    await getBlob(before.videoBlobKey!);

    await revokeConsent({
      db: t.db,
      actor: other,
      meta: TEST_META,
      input: { profileId: profile.id, reason: "I no longer license my face.", destroyBiometrics: true },
    });
    const after = await t.db.identityVerification.findUniqueOrThrow({ where: { id: v.id } });
    expect(after).toMatchObject({ videoBlobKey: null, sealedDescriptor: null, status: "verified", videoSha256: before.videoSha256 });
    await expect(getBlob(before.videoBlobKey!)).rejects.toThrow();
  }, 60_000);
});
