import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { revokeOffer } from "@/lib/offers/revoke-offer";
import { loadOrCreatePlatformKey, type PlatformKey } from "@/lib/provenance";
import { decideRequest } from "@/lib/requests/decide-request";
import {
  caught,
  createProfileWithConsent,
  createStudio,
  createUser,
  DAY_MS,
  makePdf,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { syntheticImage, writePanningClip } from "@/lib/testing/synthetic-media";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { createDetectionPool, detectImageFile, newPayload, payloadToHex, verifyCodeFromPayload, watermarkImageFile } from "@/lib/watermark";
import { registerOutput } from "./register-output";
import { verifyCode } from "./verify-code";
import { verifyFile } from "./verify-file";
import { watermarkOutput } from "./watermark-output";

// The registry end to end on PostgreSQL: outputs are watermarked and registered
// through the real functions, licenses are revoked through the real actions,
// and verification reads files and codes as the public endpoint does.

let t: TestDatabase;
let storage: TestStorage;
let dir: string;
let key: PlatformKey;
let studio: Actor;
let talent: Actor;
let profileId: string;

const hex = (c: string) => c.repeat(64);

/** A generated test picture: gradient, shapes, text and mild noise (no flat areas, like a real frame). */

async function approvedRequest(offerOverrides = {}) {
  const offer = await publishTestOffer(t.db, talent, profileId, offerOverrides);
  const { request } = await submitTestRequest(t.db, studio, offer.id);
  await decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: request.id, decision: "approve" } });
  return { offer, request };
}

/** Registers an output with a fresh payload and a made-up file hash (what the render worker does). */
async function registerFake(requestId: string) {
  return registerOutput({
    db: t.db,
    actor: null,
    key,
    input: {
      requestId,
      outputSha256: randomBytes(32).toString("hex"),
      payloadHex: payloadToHex(newPayload()),
      mimeType: "video/mp4",
      modelId: "ae-test-1",
    },
  });
}

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "likeness-outputs-"));
  key = loadOrCreatePlatformKey(path.join(dir, "keys"));
  [studio, talent] = await Promise.all([
    createStudio(t.db, { studioName: "North Star Pictures" }),
    createUser(t.db, "TALENT", { name: "Ada Actor" }),
  ]);
  profileId = (await createProfileWithConsent(t.db, talent, { displayName: "Ada Actor" })).profile.id;
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a watermarked image output", () => {
  let outputPath: string;
  let registered: Awaited<ReturnType<typeof watermarkOutput>>;
  let offerTermEnd: Date;

  beforeAll(async () => {
    const { offer, request } = await approvedRequest();
    offerTermEnd = offer.termEnd;
    const input = path.join(dir, "render.png");
    await writeFile(input, await syntheticImage(720, 540, "render", { label: true }));
    outputPath = path.join(dir, "delivered.png");
    registered = await watermarkOutput({
      db: t.db,
      actor: null,
      requestId: request.id,
      inputPath: input,
      outputPath,
      modelId: "ae-test-1",
      key,
    });
  });

  it("is registered with a signed manifest and one audit event", async () => {
    const row = await t.db.renderOutput.findUniqueOrThrow({ where: { id: registered.id } });
    expect(row).toMatchObject({
      payloadHex: registered.payloadHex,
      verifyCode: registered.verifyCode,
      mimeType: "image/png",
      platformKeyId: key.keyId,
      revokedAt: null,
    });
    expect(registered.manifest.claim.assertions.license).toMatchObject({
      talent: { displayName: "Ada Actor" },
      studio: { displayName: "North Star Pictures" },
      modelId: "ae-test-1",
      renderId: registered.id,
    });
    expect(registered.manifest.claim.assertions.ingredients.map((i) => i.role)).toEqual(["target", "render"]);
    const events = await t.db.auditEvent.findMany({ where: { subjectType: "RenderOutput", subjectId: registered.id } });
    expect(events.map((e) => e.action)).toEqual(["output.registered"]);
  });

  it("verifies the delivered file as an exact match under a valid license", async () => {
    const res = await verifyFile({ db: t.db, bytes: await readFile(outputPath), key });
    expect(res.answer).toMatchObject({
      exactFileMatch: true,
      signatureValid: true,
      licenseStatus: "valid",
      talentDisplayName: "Ada Actor",
      studioDisplayName: "North Star Pictures",
    });
    expect(res.answer.watermark).toMatchObject({ found: true, payload: registered.payloadHex });
    expect(res.verifyCode).toBe(registered.verifyCode);
    expect(res.license).toMatchObject({ status: "valid", revokedAt: null });
    expect(res.input).toMatchObject({ kind: "file", mimeType: "image/png", width: 720, height: 540 });
  });

  it("finds a cropped, re-encoded copy by its watermark (not an exact match)", async () => {
    // 10 % cropped off the left and saved as JPEG quality 70, as a repost might be.
    const copy = await sharp(outputPath).extract({ left: 72, top: 0, width: 648, height: 540 }).jpeg({ quality: 70 }).toBuffer();
    const res = await verifyFile({ db: t.db, bytes: copy, key });
    expect(res.answer).toMatchObject({ exactFileMatch: false, signatureValid: true, licenseStatus: "valid" });
    expect(res.answer.watermark.payload).toBe(registered.payloadHex);
  });

  it("finds the record from the pasted verify code, typed loosely", async () => {
    const res = await verifyCode({ db: t.db, code: registered.verifyCode.toLowerCase().replaceAll("-", " "), key });
    expect(res.answer).toMatchObject({ signatureValid: true, licenseStatus: "valid", exactFileMatch: false });
    expect(res.answer.watermark.status).toBe("not-checked");
    expect(res.input).toEqual({ kind: "code", code: registered.verifyCode });
  });

  it("says EXPIRED once the license term has ended", async () => {
    const res = await verifyCode({ db: t.db, code: registered.verifyCode, key, now: new Date(offerTermEnd.getTime() + DAY_MS) });
    expect(res.answer.licenseStatus).toBe("expired");
    expect(res.answer.summary).toContain("EXPIRED");
  });
});

describe("revocation runs backwards into the registry", () => {
  it("revoking the offer revokes its outputs, with an audit event each, and verification says REVOKED", async () => {
    const { offer, request } = await approvedRequest({ title: "Revocable" });
    const a = await registerFake(request.id);
    const b = await registerFake(request.id);
    const res = await revokeOffer({ db: t.db, actor: talent, meta: TEST_META, input: { offerId: offer.id, reason: "Brand conflict" } });
    expect(res.revokedOutputs.sort()).toEqual([a.id, b.id].sort());
    const row = await t.db.renderOutput.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.revokedReason).toBe("License revoked: Brand conflict");
    expect(row.revokedAt).not.toBeNull();
    const events = await t.db.auditEvent.findMany({ where: { action: "output.revoked", subjectId: { in: [a.id, b.id] } } });
    expect(events).toHaveLength(2);
    const v = await verifyCode({ db: t.db, code: a.verifyCode, key });
    expect(v.answer).toMatchObject({ licenseStatus: "revoked", signatureValid: true });
    expect(v.answer.summary).toContain("REVOKED");
    expect(v.license?.revokedAt).toBe(row.revokedAt!.toISOString());
  });

  it("refuses to register an output once the request's license is gone", async () => {
    const { offer, request } = await approvedRequest({ title: "Gone" });
    await revokeOffer({ db: t.db, actor: talent, meta: TEST_META, input: { offerId: offer.id, reason: "Ended early" } });
    const err = await caught(() => registerFake(request.id));
    expect(err).toMatchObject({ code: "CONFLICT" });
    expect(await t.db.renderOutput.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("revoking the consent revokes every output of the profile", async () => {
    const other = await createUser(t.db, "TALENT", { name: "Bea Bright" });
    const { profile } = await createProfileWithConsent(t.db, other, { displayName: "Bea Bright" });
    const offer = await publishTestOffer(t.db, other, profile.id);
    const { request } = await submitTestRequest(t.db, studio, offer.id);
    await decideRequest({ db: t.db, actor: other, meta: TEST_META, input: { requestId: request.id, decision: "approve" } });
    const out = await registerFake(request.id);
    expect((await verifyCode({ db: t.db, code: out.verifyCode, key })).answer.licenseStatus).toBe("valid");
    const res = await revokeConsent({
      db: t.db,
      actor: other,
      meta: TEST_META,
      input: { profileId: profile.id, reason: "I no longer consent" },
    });
    expect(res.revokedOutputs).toEqual([out.id]);
    const v = await verifyCode({ db: t.db, code: out.verifyCode, key });
    expect(v.answer).toMatchObject({ licenseStatus: "revoked", talentDisplayName: "Bea Bright" });
    expect((await t.db.renderOutput.findUniqueOrThrow({ where: { id: out.id } })).revokedReason).toBe(
      "Consent revoked: I no longer consent",
    );
  });
});

describe("unknown and untrustworthy answers", () => {
  it("a well-formed code that no output carries is unknown", async () => {
    const res = await verifyCode({ db: t.db, code: verifyCodeFromPayload(newPayload()), key });
    expect(res.answer).toMatchObject({ manifest: null, signatureValid: null, licenseStatus: "unknown", talentDisplayName: null });
    expect(res.license).toBeNull();
  });

  it("a file watermarked with a payload that is not in the registry is unknown, though its mark is found", async () => {
    const input = path.join(dir, "stray.png");
    await writeFile(input, await syntheticImage(640, 480, "stray", { label: true }));
    const out = path.join(dir, "stray-marked.png");
    const payload = newPayload();
    await watermarkImageFile(input, out, { payload });
    expect((await detectImageFile(out)).payload).toBe(payloadToHex(payload));
    const res = await verifyFile({ db: t.db, bytes: await readFile(out), key });
    expect(res.answer).toMatchObject({ manifest: null, licenseStatus: "unknown" });
    expect(res.answer.watermark).toMatchObject({ found: true, payload: payloadToHex(payload) });
    expect(res.answer.summary).toContain("no record matches");
  });

  it("an unwatermarked image has no watermark and no record", async () => {
    const res = await verifyFile({ db: t.db, bytes: await syntheticImage(640, 480, "plain", { label: true }), key });
    expect(res.answer.watermark).toMatchObject({ found: false, status: "none" });
    expect(res.answer).toMatchObject({ manifest: null, licenseStatus: "unknown", exactFileMatch: false });
  });

  it("a file sent while every detection worker is busy and none may wait is refused with 429 naming the file field", async () => {
    const pool = createDetectionPool({ workers: 1, maxQueued: 0, timeoutMs: 120_000 });
    try {
      const running = pool.detect({ kind: "image", bytes: await syntheticImage(800, 600, "busy") });
      const bytes = await syntheticImage(640, 480, "plain");
      const err = await caught(() => verifyFile({ db: t.db, bytes, key, pool }));
      expect(err).toMatchObject({ code: "RATE_LIMITED", httpStatus: 429 });
      expect(err.fields.file).toMatch(/try again in a few seconds/);
      expect((await running).found).toBe(false);
      // Once the worker is free, the same upload is answered.
      const res = await verifyFile({ db: t.db, bytes: await syntheticImage(640, 480, "plain"), key, pool });
      expect(res.answer.watermark).toMatchObject({ found: false, status: "none" });
    } finally {
      await pool.close();
    }
  });

  it("a manifest altered in the database fails its signature and shows no license", async () => {
    const { request } = await approvedRequest({ title: "Tampered" });
    const out = await registerFake(request.id);
    const row = await t.db.renderOutput.findUniqueOrThrow({ where: { id: out.id } });
    const claim = structuredClone(row.manifest) as { assertions: { license: { studio: { displayName: string } } } };
    claim.assertions.license.studio.displayName = "Someone Else Entirely";
    await t.db.renderOutput.update({ where: { id: out.id }, data: { manifest: claim as object } });
    const res = await verifyCode({ db: t.db, code: out.verifyCode, key });
    expect(res.answer).toMatchObject({ signatureValid: false, licenseStatus: "unknown", talentDisplayName: null, studioDisplayName: null });
    expect(res.answer.summary).toContain("not valid");
    expect(res.license).toBeNull();
    expect(res.output).toBeNull();
  });

  it("a manifest signed by another key is not trusted", async () => {
    const { request } = await approvedRequest({ title: "Other key" });
    const stranger = loadOrCreatePlatformKey(path.join(dir, "other-keys"));
    const out = await registerOutput({
      db: t.db,
      actor: null,
      key: stranger,
      input: { requestId: request.id, outputSha256: hex("c"), payloadHex: payloadToHex(newPayload()), mimeType: "image/png", modelId: "m" },
    });
    const res = await verifyCode({ db: t.db, code: out.verifyCode, key });
    expect(res.answer).toMatchObject({ signatureValid: false, licenseStatus: "unknown" });
    expect(res.answer.signatureProblem).toContain("unknown key");
  });
});

describe("bad input is refused naming the field", () => {
  it("a code with a typo, an empty code, a PDF, an empty file", async () => {
    const good = verifyCodeFromPayload(newPayload());
    const typo = good.slice(0, -1) + (good.endsWith("0") ? "1" : "0");
    expect(await caught(() => verifyCode({ db: t.db, code: typo, key }))).toMatchObject({
      httpStatus: 422,
      fields: { code: expect.stringContaining("typo") },
    });
    expect(await caught(() => verifyCode({ db: t.db, code: "  ", key }))).toMatchObject({
      httpStatus: 422,
      fields: { code: expect.any(String) },
    });
    expect(await caught(() => verifyFile({ db: t.db, bytes: makePdf(), key }))).toMatchObject({
      httpStatus: 415,
      fields: { file: expect.any(String) },
    });
    expect(await caught(() => verifyFile({ db: t.db, bytes: Buffer.alloc(0), key }))).toMatchObject({
      httpStatus: 422,
      fields: { file: "The file is empty." },
    });
  });
});

describe("a watermarked video output", () => {
  it("is found by its watermark and matched exactly", async () => {
    const { request } = await approvedRequest({ title: "Video" });
    const input = path.join(dir, "render.mp4");
    await writePanningClip(input);
    const outputPath = path.join(dir, "delivered.mp4");
    const out = await watermarkOutput({ db: t.db, actor: null, requestId: request.id, inputPath: input, outputPath, key });
    expect(out.mimeType).toBe("video/mp4");
    const res = await verifyFile({ db: t.db, bytes: await readFile(outputPath), key });
    expect(res.answer).toMatchObject({ exactFileMatch: true, signatureValid: true, licenseStatus: "valid" });
    expect(res.answer.watermark).toMatchObject({ found: true, payload: out.payloadHex });
    expect(res.input).toMatchObject({ kind: "file", mimeType: "video/mp4" });
  });
});
