import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { signConsent } from "@/lib/consent/sign-consent";
import { getCatalogProfile, listCatalog } from "@/lib/offers/catalog";
import { revokeOffer } from "@/lib/offers/revoke-offer";
import { readLikenessAsset } from "@/lib/profiles/likeness-assets";
import { decideRequest } from "@/lib/requests/decide-request";
import {
  caught,
  makeLicensable,
  consentTextHash,
  createProfileWithConsent,
  createStudio,
  createUser,
  DAY_MS,
  offerInput,
  publishTestOffer,
  representTalent,
  signTestConsent,
  submitTestRequest,
  TEST_META,
  uploadRequestFiles,
  uploadTestPhoto,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { publishOffer } from "@/lib/offers/publish-offer";

// Revocation runs the licensing path backwards, and consent rows are never
// rewritten: re-signing is a new version, revoking is a dated row.

let t: TestDatabase;
let storage: TestStorage;
let studio: Actor;
let agent: Actor;
let uploads: { targetUploadId: string; releaseUploadId: string };

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  [studio, agent] = await Promise.all([createStudio(t.db), createUser(t.db, "AGENT")]);
  uploads = await uploadRequestFiles(t.db, studio);
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

const submit = (offerId: string) => submitTestRequest(t.db, studio, offerId, { uploads });
const catalogIds = async () =>
  (await listCatalog({ db: t.db, actor: studio, page: { limit: 100 } })).items.flatMap((p) => p.offers.map((o) => o.id));

describe("revoking an offer", () => {
  it("revokes its open requests with the reason, leaves closed ones alone, and leaves the catalog", async () => {
    const talent = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, talent);
    const offer = await publishTestOffer(t.db, talent, profile.id);
    const other = await publishTestOffer(t.db, talent, profile.id, { title: "Film and TV" });
    const pending = (await submit(offer.id)).request;
    const approved = (await submit(offer.id)).request;
    await decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: approved.id, decision: "approve" } });
    const draft = (await submitTestRequest(t.db, studio, offer.id, { uploads, submit: false })).request;
    const denied = (await submitTestRequest(t.db, studio, offer.id, { uploads, overrides: { territories: ["JP"] } })).request;
    const onOther = (await submit(other.id)).request;
    expect(await catalogIds()).toEqual(expect.arrayContaining([offer.id, other.id]));

    const res = await revokeOffer({ db: t.db, actor: talent, meta: TEST_META, input: { offerId: offer.id, reason: "Brand conflict" } });
    expect(res.revokedRequests.sort()).toEqual([pending.id, approved.id, draft.id].sort());
    for (const id of [pending.id, approved.id, draft.id]) {
      expect(await t.db.swapRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "revoked",
        closedReason: "License revoked: Brand conflict",
      });
    }
    expect((await t.db.swapRequest.findUniqueOrThrow({ where: { id: denied.id } })).status).toBe("rejected_by_policy");
    expect((await t.db.swapRequest.findUniqueOrThrow({ where: { id: onOther.id } })).status).toBe("pending_approval");
    expect(await t.db.licenseOffer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({
      status: "REVOKED",
      revokedReason: "License revoked: Brand conflict",
    });
    const ids = await catalogIds();
    expect(ids).not.toContain(offer.id);
    expect(ids).toContain(other.id);
    expect((await getCatalogProfile({ db: t.db, actor: studio, profileId: profile.id })).offers.map((o) => o.id)).toEqual([other.id]);
    // A request against it now is rejected by policy.
    expect((await submit(offer.id)).decision?.reasons.map((r) => r.code)).toContain("offer_inactive");
    expect(
      (await caught(() => revokeOffer({ db: t.db, actor: talent, meta: TEST_META, input: { offerId: offer.id, reason: "again" } }))).code,
    ).toBe("CONFLICT");
  });

  it("the talent's only offer revoked: the talent leaves the catalog (404 on the detail)", async () => {
    const talent = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, talent);
    const offer = await publishTestOffer(t.db, talent, profile.id);
    expect((await getCatalogProfile({ db: t.db, actor: studio, profileId: profile.id })).id).toBe(profile.id);
    await revokeOffer({ db: t.db, actor: talent, meta: TEST_META, input: { offerId: offer.id, reason: "Retiring" } });
    expect((await listCatalog({ db: t.db, actor: studio, page: { limit: 100 } })).items.map((p) => p.id)).not.toContain(profile.id);
    expect((await caught(() => getCatalogProfile({ db: t.db, actor: studio, profileId: profile.id }))).httpStatus).toBe(404);
  });
});

describe("revoking consent", () => {
  it("revokes every offer and open request; the consent row is unchanged and a revocation row is added", async () => {
    const talent = await createUser(t.db, "TALENT");
    const { profile, consent } = await createProfileWithConsent(t.db, talent);
    const o1 = await publishTestOffer(t.db, talent, profile.id);
    const o2 = await publishTestOffer(t.db, talent, profile.id, { title: "Second offer" });
    const r1 = (await submit(o1.id)).request;
    const r2 = (await submit(o2.id)).request;
    const before = await t.db.consentRecord.findUniqueOrThrow({ where: { id: consent!.id } });

    const res = await revokeConsent({
      db: t.db,
      actor: talent,
      meta: TEST_META,
      input: { profileId: profile.id, reason: "Stepping back" },
    });
    expect(res.revokedOffers.sort()).toEqual([o1.id, o2.id].sort());
    expect(res.revokedRequests.sort()).toEqual([r1.id, r2.id].sort());
    for (const id of [r1.id, r2.id]) {
      expect(await t.db.swapRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "revoked",
        closedReason: "Consent revoked: Stepping back",
      });
    }
    expect(await t.db.licenseOffer.count({ where: { profileId: profile.id, status: "ACTIVE" } })).toBe(0);
    expect(await t.db.consentRecord.findUniqueOrThrow({ where: { id: consent!.id } })).toEqual(before);
    expect(await t.db.consentRevocation.findUniqueOrThrow({ where: { consentId: consent!.id } })).toMatchObject({
      reason: "Stepping back",
      revokedById: talent.userId,
      destroyBiometrics: false,
    });
    expect((await listCatalog({ db: t.db, actor: studio, page: { limit: 100 } })).items.map((p) => p.id)).not.toContain(profile.id);
    // Publishing needs an active consent again.
    expect((await caught(() => publishTestOffer(t.db, talent, profile.id))).code).toBe("CONFLICT");

    // Re-signing is a new version; version 1 and its revocation stay as they were.
    const v2 = await signTestConsent(t.db, talent, profile);
    expect(v2.version).toBe(2);
    expect(await t.db.consentRecord.findUniqueOrThrow({ where: { id: consent!.id } })).toEqual(before);
    expect(await t.db.consentRecord.count({ where: { profileId: profile.id } })).toBe(2);
    const events = await t.db.auditEvent.findMany({ where: { subjectId: v2.id, action: "consent.signed" } });
    expect(events[0]?.payload).toMatchObject({ version: 2, supersedes: consent!.id });
    await publishTestOffer(t.db, talent, profile.id);
  });

  it("with destruction requested: the wrapped key is erased, assets are marked destroyed and their blob files deleted", async () => {
    const talent = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, talent);
    const a1 = await uploadTestPhoto(t.db, talent, profile.id);
    const a2 = await uploadTestPhoto(t.db, talent, profile.id);
    const files = [a1.blobKey, a2.blobKey].map((k) => path.join(storage.dir, k));
    expect(files.every((f) => existsSync(f))).toBe(true);

    await revokeConsent({
      db: t.db,
      actor: talent,
      meta: TEST_META,
      input: { profileId: profile.id, reason: "Delete my data", destroyBiometrics: true },
    });
    const after = await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(after.wrappedDataKey).toBeNull();
    expect(after.biometricsDestroyedAt).toBeInstanceOf(Date);
    const assets = await t.db.likenessAsset.findMany({ where: { profileId: profile.id } });
    expect(assets).toHaveLength(2);
    expect(assets.every((a) => a.destroyedAt !== null)).toBe(true);
    expect(files.some((f) => existsSync(f))).toBe(false);
    expect((await caught(() => readLikenessAsset({ db: t.db, actor: talent, assetId: a1.id }))).httpStatus).toBe(404);
    const destroyed = await t.db.auditEvent.findFirstOrThrow({ where: { action: "biometrics.destroyed", subjectId: profile.id } });
    expect(destroyed.payload).toMatchObject({ assetCount: 2 });
    // New consent is signed on the same profile (issue 11): it is reopened with a new key, the old photos stay destroyed.
    expect(await signTestConsent(t.db, talent, profile)).toMatchObject({ profileId: profile.id, version: 2 });
    expect((await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profile.id } })).wrappedDataKey).not.toBeNull();
    expect((await caught(() => readLikenessAsset({ db: t.db, actor: talent, assetId: a1.id }))).httpStatus).toBe(404);
  });
});

describe("who signs", () => {
  it("an agent cannot sign or revoke the consent (403) but can publish offers for a represented talent", async () => {
    const talent = await createUser(t.db, "TALENT");
    await representTalent(t.db, agent, talent);
    const { profile } = await createProfileWithConsent(t.db, talent, { createdBy: agent, sign: false });
    expect(profile.createdByUserId).toBe(agent.userId);
    const signErr = await caught(() => signTestConsent(t.db, agent, profile));
    expect([signErr.code, signErr.httpStatus]).toEqual(["FORBIDDEN", 403]);
    expect(await t.db.consentRecord.count({ where: { profileId: profile.id } })).toBe(0);
    // The principal signs; then the agent publishes.
    await signTestConsent(t.db, talent, profile);
    const offer = await publishTestOffer(t.db, agent, profile.id);
    expect(offer.createdById).toBe(agent.userId);
    const revokeErr = await caught(() =>
      revokeConsent({ db: t.db, actor: agent, meta: TEST_META, input: { profileId: profile.id, reason: "Agent says so" } }),
    );
    expect([revokeErr.code, revokeErr.httpStatus]).toEqual(["FORBIDDEN", 403]);
    expect((await t.db.licenseOffer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe("ACTIVE");
  });

  it("an estate signs for a deceased talent, over the text that names the late talent", async () => {
    const estate = await createUser(t.db, "ESTATE");
    const { profile } = await createProfileWithConsent(t.db, estate, {
      sign: false,
      displayName: "Gloria Swan",
      diedOn: new Date("2001-03-04"),
    });
    expect(profile).toMatchObject({ deceased: true, principalUserId: estate.userId });
    const scopes = ["film_tv" as const];
    const expiresAt = new Date(Date.now() + 15 * 365 * DAY_MS); // no 10-year limit for a deceased person
    const sign = (textSha256: string) =>
      signConsent({
        db: t.db,
        actor: estate,
        meta: TEST_META,
        input: { profileId: profile.id, scopes, expiresAt, legalName: "Estate of Gloria Swan", textSha256, agree: true },
      });
    // The hash of the living-person text is not what the estate was shown.
    const wrong = await caught(() => sign(consentTextHash({ ...profile, deceased: false }, scopes, expiresAt)));
    expect(wrong.code).toBe("CONFLICT");
    expect(wrong.fields).toHaveProperty("textSha256");
    const consent = await sign(consentTextHash(profile, scopes, expiresAt));
    expect(consent).toMatchObject({ signerRole: "ESTATE", signerUserId: estate.userId, version: 1 });
    await makeLicensable(t.db, profile.id); // photos, and the estate's proof of authority approved
    const offer = await publishOffer({
      db: t.db,
      actor: estate,
      meta: TEST_META,
      input: offerInput(profile.id, { allowedCategories: ["film_tv"], termEnd: new Date(Date.now() + 12 * 365 * DAY_MS) }),
    });
    expect(offer.status).toBe("ACTIVE");
  });

  it("a living person's consent and license term are limited to 10 years", async () => {
    const talent = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, talent, { sign: false });
    const now = new Date();
    const tenYears = new Date(now);
    tenYears.setFullYear(tenYears.getFullYear() + 10);
    const tooLong = await caught(() => signTestConsent(t.db, talent, profile, { now, expiresAt: new Date(tenYears.getTime() + DAY_MS) }));
    expect([tooLong.code, tooLong.httpStatus]).toEqual(["VALIDATION", 422]);
    expect(tooLong.fields.expiresAt).toMatch(/10 years/);
    expect(await t.db.consentRecord.count({ where: { profileId: profile.id } })).toBe(0);

    await signTestConsent(t.db, talent, profile, { now, expiresAt: new Date(tenYears.getTime() - DAY_MS) });
    const termErr = await caught(() =>
      publishTestOffer(t.db, talent, profile.id, { termStart: now, termEnd: new Date(tenYears.getTime() + 2 * DAY_MS) }),
    );
    expect([termErr.code, termErr.httpStatus]).toEqual(["VALIDATION", 422]);
    expect(termErr.fields.termEnd).toMatch(/at most 10 years/);
    const ok = await publishTestOffer(t.db, talent, profile.id, { termStart: now, termEnd: new Date(tenYears.getTime() - 2 * DAY_MS) });
    expect(ok.status).toBe("ACTIVE");
  });
});
