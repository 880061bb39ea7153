import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { createDb } from "@/lib/db/client";
import { analyzePendingAssets } from "@/lib/likeness-analysis/analyze-pending-assets";
import {
  caught,
  createAdmin,
  createProfileWithConsent,
  createUser,
  TEST_META,
  uploadTestPhoto,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { turnedFacePortrait } from "@/ml/testing/head-turn-clips";
import { testPhoto } from "@/ml/testing/photos";
import { findFaceMatches, updateProfileFace } from "./face-index";
import { listReviewQueue } from "@/lib/review/review-queue";
import { blockingConflict, conflictsOf, decideIdentityConflict } from "./identity-conflicts";

// One face, one owner, with the real engine on real photos: a second talent
// who uploads the first one's face gets a conflict that keeps the newer
// profile closed until an admin decides; another person's face does not.
// (A person has one profile: a second one of the same account is refused.)

let t: TestDatabase;
let storage: TestStorage;
let first: Actor, second: Actor, admin: Actor;
let firstProfile: string, secondProfile: string;

async function profileWithPhoto(owner: Actor, photo: Buffer): Promise<string> {
  const { profile } = await createProfileWithConsent(t.db, owner);
  await uploadTestPhoto(t.db, owner, profile.id, photo);
  for (;;) if (!(await analyzePendingAssets({ db: t.db, batchSize: 2 })).more) break;
  return profile.id;
}

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  first = await createUser(t.db, "TALENT");
  second = await createUser(t.db, "TALENT");
  admin = await createAdmin(t.db);
  const portrait = await turnedFacePortrait();
  firstProfile = await profileWithPhoto(first, portrait);
  // A day later, someone else signs up with her photo.
  secondProfile = await profileWithPhoto(second, portrait);
}, 240_000);

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

describe("one face, one owner", () => {
  it("records a conflict when a second person's likeness set shows the first one's face: the newer profile waits, both owners see it", async () => {
    expect(await t.db.profileFace.count({ where: { profileId: { in: [firstProfile, secondProfile] } } })).toBe(2);
    const [conflict] = await conflictsOf(t.db, secondProfile);
    expect(conflict).toMatchObject({ role: "newer", status: "open" });
    expect(conflict!.distance).toBeLessThan(0.1);
    expect(await conflictsOf(t.db, firstProfile)).toEqual([expect.objectContaining({ id: conflict!.id, role: "older" })]);
    expect(await blockingConflict(t.db, secondProfile)).toBe("open");
    expect(await blockingConflict(t.db, firstProfile)).toBeNull();
    expect(await t.db.auditEvent.count({ where: { action: "identity.conflict_found", subjectId: secondProfile } })).toBe(1);
  });

  it("does not flag another person's face", async () => {
    const stranger = await createUser(t.db, "TALENT");
    const other = await profileWithPhoto(stranger, await readFile(testPhoto("python-matplotlib-data-grace_hopper.jpg")));
    expect(await t.db.profileFace.count({ where: { profileId: other } })).toBe(1);
    expect(await conflictsOf(t.db, other)).toEqual([]);
  }, 120_000);

  it("puts the conflict in the admin review queue with both profiles side by side", async () => {
    const [conflict] = await conflictsOf(t.db, secondProfile);
    const queue = await listReviewQueue({ db: t.db, actor: admin });
    const item = queue.items.find((i) => i.id === conflict!.id);
    if (item?.kind !== "identity_conflict")
      throw new Error(`the conflict is not in the queue: ${JSON.stringify(queue.items.map((i) => i.kind))}`);
    expect(item.profile.id).toBe(secondProfile);
    expect(item.otherProfile.id).toBe(firstProfile);
    expect(item.profile.portraitAssetId).not.toBeNull();
    expect(queue.countByKind.identity_conflict).toBe(1);
    expect((await caught(() => listReviewQueue({ db: t.db, actor: second }))).httpStatus).toBe(403);
  });

  it("lets only an admin decide, with a reason, once; dismissing opens the newer profile again", async () => {
    const [conflict] = await conflictsOf(t.db, secondProfile);
    expect(
      (
        await caught(() =>
          decideIdentityConflict({
            db: t.db,
            actor: second,
            meta: TEST_META,
            conflictId: conflict!.id,
            decision: "dismiss",
            reason: "We are twins",
          }),
        )
      ).httpStatus,
    ).toBe(403);
    expect(
      (
        await caught(() =>
          decideIdentityConflict({ db: t.db, actor: admin, meta: TEST_META, conflictId: conflict!.id, decision: "dismiss", reason: "" }),
        )
      ).fields,
    ).toHaveProperty("reason");
    await decideIdentityConflict({
      db: t.db,
      actor: admin,
      meta: TEST_META,
      conflictId: conflict!.id,
      decision: "dismiss",
      reason: "Identical twins; both verified in person.",
    });
    expect(await blockingConflict(t.db, secondProfile)).toBeNull();
    expect((await conflictsOf(t.db, firstProfile))[0]).toMatchObject({
      status: "dismissed",
      decisionReason: "Identical twins; both verified in person.",
    });
    expect(
      (
        await caught(() =>
          decideIdentityConflict({
            db: t.db,
            actor: admin,
            meta: TEST_META,
            conflictId: conflict!.id,
            decision: "uphold",
            reason: "On second thought",
          }),
        )
      ).httpStatus,
    ).toBe(409);
    expect(await t.db.auditEvent.count({ where: { action: "identity.conflict_dismissed" } })).toBe(1);
  });

  it("finds every profile exactly, whether the index is read in one batch or many", async () => {
    const face = (await updateProfileFace(t.db, await t.db.likenessProfile.findUniqueOrThrow({ where: { id: firstProfile } })))!;
    const all = await findFaceMatches(t.db, face, { threshold: 10 });
    // A fresh client: its process-level copy of the index is loaded from scratch, two rows at a time.
    const fresh = createDb(t.url);
    const batched = await findFaceMatches(fresh, face, { threshold: 10, batchSize: 2 });
    await fresh.$disconnect();
    expect(batched).toEqual(all);
    expect(all.length).toBe(await t.db.profileFace.count());
    // Her own face and the second talent's copy of it are both at distance 0.
    expect(
      all
        .filter((m) => m.distance < 1e-6)
        .map((m) => m.profileId)
        .sort(),
    ).toEqual([firstProfile, secondProfile].sort());
  });

  it("removes the set's face from the index when its biometrics are destroyed", async () => {
    await revokeConsent({
      db: t.db,
      actor: second,
      meta: TEST_META,
      input: { profileId: secondProfile, reason: "Leaving the platform.", destroyBiometrics: true },
    });
    expect(await t.db.profileFace.count({ where: { profileId: secondProfile } })).toBe(0);
  });
});
