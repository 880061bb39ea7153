import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { issueDownloadLink, openDownload } from "@/lib/outputs/download-link";
import { verifyFile } from "@/lib/outputs/verify-file";
import {
  caught,
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  representTalent,
  submitTestRequest,
  TEST_META,
  uploadStudioFile,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { checkoutAndPay, localPayments } from "@/lib/testing/order-fixtures";
import { uploadAnalyzedLikenessSet, uploadFootageClip } from "@/lib/testing/render-fixtures";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { runRenderJob } from "./run-render-job";
import { RENDER_STAGES } from "./stages";

// The product's path on a real PostgreSQL with the real engine (tiny preset, a
// few training steps on the cpu backend): an approved request is paid, its
// render runs (train on the talent's real photos, convert a real clip,
// watermark, sign), the output is delivered once, the money is split, the
// studio downloads it and /verify says VALID; after the talent revokes, the
// link answers 410 and verification says REVOKED.

const payments = localPayments("render-flow-test-secret-0123456789");

let t: TestDatabase;
let storage: TestStorage;
let studio: Actor, talent: Actor, agent: Actor;
let orderId: string, profileId: string, requestId: string;

beforeAll(async () => {
  process.env.LIKENESS_RENDER_STEPS = "12";
  process.env.LIKENESS_PLATFORM_FEE_PERCENT = "20";
  storage = await useTestStorage();
  t = await createTestDatabase();
  studio = await createStudio(t.db);
  talent = await createUser(t.db, "TALENT");
  agent = await createUser(t.db, "AGENT");
  await representTalent(t.db, agent, talent, 10);
  const { profile } = await createProfileWithConsent(t.db, talent);
  profileId = profile.id;
  const { usable } = await uploadAnalyzedLikenessSet(t.db, talent, profile.id, 4);
  expect(usable).toBeGreaterThanOrEqual(2);
  const offer = await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO" });
  const footage = await uploadFootageClip(t.db, studio);
  const release = await uploadStudioFile(t.db, studio, "RELEASE");
  const { request, decision } = await submitTestRequest(t.db, studio, offer.id, {
    uploads: { targetUploadId: footage.id, releaseUploadId: release.id },
  });
  expect(decision?.reasons ?? []).toEqual([]);
  requestId = request.id;
  expect(request.status).toBe("approved");
  orderId = await checkoutAndPay(t.db, payments, studio, requestId);
}, 240_000);

afterAll(async () => {
  delete process.env.LIKENESS_RENDER_STEPS;
  await t?.drop();
  await storage?.cleanup();
});

describe("approved -> paid -> rendered -> delivered", () => {
  it("renders the paid order with the real engine and delivers exactly one output, with progress, log and preview recorded", async () => {
    const job = await t.db.renderJob.findFirstOrThrow({ where: { orderId } });
    expect(job.steps).toBe(12);
    expect(await runRenderJob({ db: t.db, renderJobId: job.id, workerId: "test-worker" })).toBe("succeeded");
    // A second delivery of the same queue job (at-least-once queues) does nothing.
    expect(await runRenderJob({ db: t.db, renderJobId: job.id, workerId: "test-worker-2" })).toBe("skipped");

    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { renderJobs: true, ledger: true } });
    expect(order.status).toBe("delivered");
    const done = order.renderJobs[0]!;
    expect(done).toMatchObject({ status: "succeeded", progress: 1, attempts: 1 });
    expect((done.stages as Array<{ fraction: number }>).map((s) => s.fraction)).toEqual(RENDER_STAGES.map(() => 1));
    expect(done.previewBlobKey).not.toBeNull();
    const log = await t.db.renderLogLine.findMany({ where: { jobId: done.id } });
    expect(log.map((l) => l.message).join("\n")).toMatch(/Swapped the performer in 18 of 18 frames where they appear \(18 frames in all/);
    expect(await t.db.renderOutput.count({ where: { orderId } })).toBe(1);

    // The ledger: the charge, and on delivery fee + commission + talent share adding up to it.
    const by = (kind: string) => order.ledger.filter((e) => e.kind === kind).reduce((s, e) => s + e.amountMinor, 0);
    expect(by("platform_fee")).toBe(Math.floor(order.amountMinor * 0.2));
    expect(by("agent_commission")).toBe(Math.floor((order.amountMinor - by("platform_fee")) * 0.1));
    expect(by("platform_fee") + by("agent_commission") + by("talent_share")).toBe(by("charge"));
    expect(order.ledger.find((e) => e.kind === "agent_commission")!.userId).toBe(agent.userId);
    expect(order.ledger.find((e) => e.kind === "talent_share")!.userId).toBe(talent.userId);
  });

  it("lets the studio download the output through an expiring link that /verify finds VALID, and keeps other studios out", async () => {
    const output = await t.db.renderOutput.findUniqueOrThrow({ where: { orderId } });
    const other = await createStudio(t.db);
    expect((await caught(() => issueDownloadLink({ db: t.db, actor: other, meta: TEST_META, outputId: output.id }))).httpStatus).toBe(404);
    const link = await issueDownloadLink({ db: t.db, actor: studio, meta: TEST_META, outputId: output.id });
    const token = link.path.split("/").at(-1)!;
    const file = await openDownload({ db: t.db, token, meta: TEST_META });
    expect(file.mimeType).toBe("video/mp4");
    const bytes = Buffer.concat(await file.stream.toArray());
    expect(bytes.length).toBe(file.byteSize);
    const verified = await verifyFile({ db: t.db, bytes });
    expect(verified.license?.status).toBe("valid");
    expect(verified.license?.licenseId).toBe(output.offerId);
    // The delivered file carries the platform's C2PA manifest (embedded after the watermark), bound to these exact bytes.
    expect(verified.contentCredentials).toMatchObject({
      trusted: true,
      signatureValid: true,
      hardBindingValid: true,
      license: { licenseId: output.offerId, verifyCode: output.verifyCode },
    });
    expect(verified.answer.exactFileMatch).toBe(true);
    // Expired and forged links are refused.
    expect((await caught(() => openDownload({ db: t.db, token, meta: TEST_META, now: new Date(Date.now() + 3_600_000) }))).httpStatus).toBe(
      410,
    );
    expect((await caught(() => openDownload({ db: t.db, token: `${token.split(".")[0]}.AAAA`, meta: TEST_META }))).httpStatus).toBe(403);
    const downloads = await t.db.auditEvent.count({ where: { subjectId: output.id, action: "download.completed" } });
    expect(downloads).toBe(1);
    (globalThis as { deliveredBytes?: Buffer }).deliveredBytes = bytes;
  });

  it("after the talent revokes consent, the download link answers 410 with the reason and /verify says REVOKED", async () => {
    const output = await t.db.renderOutput.findUniqueOrThrow({ where: { orderId } });
    const link = await issueDownloadLink({ db: t.db, actor: studio, meta: TEST_META, outputId: output.id });
    await revokeConsent({
      db: t.db,
      actor: talent,
      meta: TEST_META,
      input: { profileId, reason: "I withdraw my likeness", destroyBiometrics: false },
    });
    const refused = await caught(() => openDownload({ db: t.db, token: link.path.split("/").at(-1)!, meta: TEST_META }));
    expect(refused.httpStatus).toBe(410);
    expect(refused.message).toMatch(/I withdraw my likeness/);
    const bytes = (globalThis as { deliveredBytes?: Buffer }).deliveredBytes!;
    expect((await verifyFile({ db: t.db, bytes })).license?.status).toBe("revoked");
    // Delivered orders keep their money: revocation after delivery refunds nothing.
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "delivered", paymentStatus: "paid" });
  });
});
