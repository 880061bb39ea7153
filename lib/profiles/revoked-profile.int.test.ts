import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { identityStatusOf } from "@/lib/identity/verification-status";
import { registerOutput } from "@/lib/outputs/register-output";
import { loadOrCreatePlatformKey, type PlatformKey } from "@/lib/provenance";
import { decideRequest } from "@/lib/requests/decide-request";
import { endRepresentation } from "@/lib/representation/end-representation";
import { createProfile } from "@/lib/profiles/create-profile";
import { getProfileGates } from "@/lib/profiles/licensing-gates";
import { getManagedProfile, listManagedProfiles } from "@/lib/profiles/list-profiles";
import { getProfileHistory } from "@/lib/profiles/profile-history";
import {
  addUsablePhotos,
  caught,
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  recordVerifiedTalent,
  representTalent,
  signTestConsent,
  submitTestRequest,
  TEST_META,
  uploadRequestFiles,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { newPayload, payloadToHex } from "@/lib/watermark";

// Revocation as the talent sees it (issue 11): after revoking with
// destruction the profile stays the talent's one profile, read-only with its
// record, until its talent signs new consent on it; nobody else sees it or
// re-consents on it.

let t: TestDatabase;
let storage: TestStorage;
let dir: string;
let key: PlatformKey;
let studio: Actor;

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "likeness-revoked-"));
  key = loadOrCreatePlatformKey(path.join(dir, "keys"));
  studio = await createStudio(t.db);
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A talent with a licensed, verified profile, an agent, one delivered output; then consent revoked with destruction. */
async function revokedWithDestruction() {
  const [talent, agent] = await Promise.all([createUser(t.db, "TALENT"), createUser(t.db, "AGENT")]);
  await representTalent(t.db, agent, talent);
  const { profile } = await createProfileWithConsent(t.db, talent);
  const offer = await publishTestOffer(t.db, talent, profile.id); // usable photos and a verification first
  const uploads = await uploadRequestFiles(t.db, studio);
  const { request } = await submitTestRequest(t.db, studio, offer.id, { uploads });
  await decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: request.id, decision: "approve" } });
  const output = await registerOutput({
    db: t.db,
    actor: null,
    key,
    input: {
      requestId: request.id,
      outputSha256: randomBytes(32).toString("hex"),
      payloadHex: payloadToHex(newPayload()),
      mimeType: "video/mp4",
      modelId: "ae-test-1",
    },
  });
  expect((await identityStatusOf(t.db, profile.id)).verified).toBe(true);
  await revokeConsent({
    db: t.db,
    actor: talent,
    meta: TEST_META,
    input: { profileId: profile.id, reason: "I am retiring", destroyBiometrics: true },
  });
  return { talent, agent, profile, outputId: output.id };
}

describe("a profile revoked with destruction, as its talent and agent see it", () => {
  it("stays the talent's profile: listed, readable with its consent history, and its record says what was destroyed when", async () => {
    const { talent, agent, profile } = await revokedWithDestruction();
    for (const viewer of [talent, agent]) {
      expect((await listManagedProfiles({ db: t.db, actor: viewer })).map((p) => p.id)).toEqual([profile.id]);
      const page = await getManagedProfile({ db: t.db, actor: viewer, profileId: profile.id });
      expect(page.profile.biometricsDestroyedAt).not.toBeNull();
      expect(page.consents.map((c) => [c.version, c.revocation?.destroyBiometrics])).toEqual([[1, true]]);
      expect(page.liveOutputCount).toBe(0);
      const history = await getProfileHistory({ db: t.db, actor: viewer, profileId: profile.id });
      const revokedAt = page.consents[0]!.revocation!.revokedAt;
      const at = (kind: string) => history.find((e) => e.kind === kind);
      expect(at("consent_revoked")).toMatchObject({ version: 1, reason: "I am retiring", destroyBiometrics: true, at: revokedAt });
      expect(at("photos_destroyed")).toMatchObject({ at: revokedAt });
      expect((at("photos_destroyed") as { count: number }).count).toBeGreaterThanOrEqual(3);
      expect(at("outputs_revoked")).toMatchObject({ count: 1, at: revokedAt });
      expect(at("offers_revoked")).toMatchObject({ count: 1, at: revokedAt });
    }
  });

  it("a destroyed profile's old verification no longer counts", async () => {
    const { profile } = await revokedWithDestruction();
    expect(await identityStatusOf(t.db, profile.id)).toMatchObject({ verified: false, latest: null });
  });

  it("refuses a second profile for the same talent, from the talent or their agent, on the server with a clear message", async () => {
    const { talent, agent } = await revokedWithDestruction();
    const mine = await caught(() => createProfile({ db: t.db, actor: talent, meta: TEST_META, input: { displayName: "Second me" } }));
    expect(mine).toMatchObject({ code: "CONFLICT", httpStatus: 409 });
    expect(mine.message).toMatch(/Sign new consent on that profile instead of creating another/);
    const byAgent = await caught(() =>
      createProfile({ db: t.db, actor: agent, meta: TEST_META, input: { displayName: "Second you", principalUserId: talent.userId } }),
    );
    expect(byAgent).toMatchObject({ code: "CONFLICT" });
    expect(await t.db.likenessProfile.count({ where: { principalUserId: talent.userId } })).toBe(1);
  });

  it("refuses a second profile while a live one exists too, even when two are created at once", async () => {
    const talent = await createUser(t.db, "TALENT");
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) => createProfile({ db: t.db, actor: talent, meta: TEST_META, input: { displayName: `Twin ${n}` } })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.db.likenessProfile.count({ where: { principalUserId: talent.userId } })).toBe(1);
    const again = await caught(() => createProfile({ db: t.db, actor: talent, meta: TEST_META, input: { displayName: "Twin 4" } }));
    expect(again.message).toMatch(/already has a likeness profile/);
  });
});

describe("signing new consent on the same profile", () => {
  it("reopens that profile (same id, next version, new data key) with one audit event in the same transaction, and every gate but consent closed again", async () => {
    const { talent, profile } = await revokedWithDestruction();
    const before = await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(before.wrappedDataKey).toBeNull();
    const consent = await signTestConsent(t.db, talent, profile);
    expect(consent).toMatchObject({ profileId: profile.id, version: 2, consentVideoSha256: null });
    const after = await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(after.biometricsDestroyedAt).toBeNull();
    expect(after.wrappedDataKey).not.toBeNull();
    expect(await t.db.likenessProfile.count({ where: { principalUserId: talent.userId } })).toBe(1);
    const reopened = await t.db.auditEvent.findFirstOrThrow({ where: { action: "profile.reopened", subjectId: profile.id } });
    expect(reopened.payload).toMatchObject({
      consentId: consent.id,
      version: 2,
      biometricsDestroyedAt: before.biometricsDestroyedAt!.toISOString(),
    });
    expect(reopened.at).toEqual(consent.acceptedAt);

    // The normal gates again: consent in force, but no photos and no verification (both were destroyed).
    const { gates } = await getProfileGates({ db: t.db, actor: talent, profileId: profile.id });
    expect(Object.fromEntries(gates.map((g) => [g.gate, g.open]))).toMatchObject({
      consent: true,
      likeness_set: false,
      talent_verified: false,
    });
    expect((await getProfileHistory({ db: t.db, actor: talent, profileId: profile.id })).at(-1)).toMatchObject({
      kind: "profile_reopened",
      version: 2,
    });

    // Rebuilt like a new profile: photos go in under the new key, and verifying again opens the gate.
    await addUsablePhotos(t.db, talent, profile.id);
    await recordVerifiedTalent(t.db, profile.id);
    const rebuilt = await getProfileGates({ db: t.db, actor: talent, profileId: profile.id });
    expect(rebuilt.closed).toEqual([]);
  });

  it("a failed signature (wrong text) leaves the profile destroyed and writes nothing", async () => {
    const { talent, profile } = await revokedWithDestruction();
    const events = await t.db.auditEvent.count();
    const expiresAt = new Date(Date.now() + 100 * 86_400_000);
    const err = await caught(() =>
      import("@/lib/consent/sign-consent").then(({ signConsent }) =>
        signConsent({
          db: t.db,
          actor: talent,
          meta: TEST_META,
          input: {
            profileId: profile.id,
            scopes: ["advertising"],
            expiresAt,
            legalName: talent.name,
            textSha256: "0".repeat(64),
            agree: true,
          },
        }),
      ),
    );
    expect(err.code).toBe("CONFLICT");
    expect((await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profile.id } })).biometricsDestroyedAt).not.toBeNull();
    expect(await t.db.auditEvent.count()).toBe(events);
  });
});

describe("nobody else sees or re-consents someone else's revoked profile", () => {
  it("another talent, an unrelated agent and a studio get 404 or 403 for the profile, its record and its consent", async () => {
    const { profile } = await revokedWithDestruction();
    const [otherTalent, otherAgent] = await Promise.all([createUser(t.db, "TALENT"), createUser(t.db, "AGENT")]);
    for (const actor of [otherTalent, otherAgent]) {
      expect((await listManagedProfiles({ db: t.db, actor })).map((p) => p.id)).not.toContain(profile.id);
      expect(await caught(() => getManagedProfile({ db: t.db, actor, profileId: profile.id }))).toMatchObject({ code: "NOT_FOUND" });
      expect(await caught(() => getProfileHistory({ db: t.db, actor, profileId: profile.id }))).toMatchObject({ code: "NOT_FOUND" });
      expect(await caught(() => signTestConsent(t.db, actor, profile))).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await caught(() => getProfileHistory({ db: t.db, actor: studio, profileId: profile.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await caught(() => signTestConsent(t.db, studio, profile))).toMatchObject({ code: "FORBIDDEN" });
    expect((await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profile.id } })).biometricsDestroyedAt).not.toBeNull();
    expect(await t.db.consentRecord.count({ where: { profileId: profile.id } })).toBe(1);
  });

  it("the talent's own agent sees it but cannot sign for them; an agent whose representation ended sees nothing", async () => {
    const { talent, agent, profile } = await revokedWithDestruction();
    expect(await caught(() => signTestConsent(t.db, agent, profile))).toMatchObject({ code: "FORBIDDEN" });
    const rep = await t.db.representation.findFirstOrThrow({ where: { agentUserId: agent.userId, principalUserId: talent.userId } });
    await endRepresentation({ db: t.db, actor: talent, meta: TEST_META, representationId: rep.id });
    expect(await caught(() => getProfileHistory({ db: t.db, actor: agent, profileId: profile.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await caught(() => getManagedProfile({ db: t.db, actor: agent, profileId: profile.id }))).toMatchObject({ code: "NOT_FOUND" });
  });
});
