import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { listAuthorityProofs, readAuthorityProof, reviewAuthorityProof } from "@/lib/estates/authority-proof";
import { readPolicyReasons } from "@/lib/licensing/stored-policy-reasons";
import { catalogPoseCoverage, PREVIEW_SIZE, readCatalogPortrait } from "@/lib/offers/catalog-portrait";
import { publishOffer } from "@/lib/offers/publish-offer";
import { deleteLikenessAsset } from "@/lib/profiles/likeness-assets";
import { loadProfileGates } from "@/lib/profiles/licensing-gates";
import { decideReviewItem, listReviewQueue } from "@/lib/review/review-queue";
import {
  addUsablePhotos,
  caught,
  createAdmin,
  createProfileWithConsent,
  createStudio,
  createUser,
  makeJpeg,
  makePdf,
  offerInput,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  uploadTestAuthorityProof,
  uploadTestPhoto,
  useTestStorage,
  type TestStorage,
  recordVerifiedTalent,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

// Trust at the door (issue 10): the gates before licensing in the publish
// action and the policy engine, and the estate's proof of authority reviewed
// by an admin in the review queue.

let t: TestDatabase;
let storage: TestStorage;
let admin: Actor;
let talent: Actor;
let studio: Actor;

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  [admin, talent, studio] = await Promise.all([createAdmin(t.db), createUser(t.db, "TALENT"), createStudio(t.db)]);
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

const publish = (actor: Actor, profileId: string) => publishOffer({ db: t.db, actor, meta: TEST_META, input: offerInput(profileId) });
const profileRow = (id: string) => t.db.likenessProfile.findUniqueOrThrow({ where: { id } });

describe("gates before publishing", () => {
  it("refuses a talent whose set has too few usable photos, naming the gate, and publishes once it has enough", async () => {
    const { profile } = await createProfileWithConsent(t.db, talent);
    await recordVerifiedTalent(t.db, profile.id);
    const err = await caught(() => publish(talent, profile.id));
    expect(err).toMatchObject({ code: "CONFLICT", httpStatus: 409 });
    expect(Object.keys(err.fields)).toEqual(["too_few_usable_photos"]);
    expect(err.message).toContain("0 usable photos; at least 3");

    // A photo still waiting for analysis does not count; two analysed usable ones are not enough.
    await uploadTestPhoto(t.db, talent, profile.id, await makeJpeg(300, 300));
    await addUsablePhotos(t.db, talent, profile.id, 2);
    const gates = await loadProfileGates(t.db, await profileRow(profile.id));
    expect(gates.profile).toMatchObject({ usablePhotos: 2, pendingPhotos: 1, minUsablePhotos: 3 });
    expect(gates.gates.map((g) => [g.gate, g.open])).toEqual([
      ["consent", true],
      ["likeness_set", false],
      ["talent_verified", true],
      ["one_face", true],
    ]);
    expect((await caught(() => publish(talent, profile.id))).fields).toHaveProperty("too_few_usable_photos");

    await addUsablePhotos(t.db, talent, profile.id, 1);
    const offer = await publish(talent, profile.id);
    expect(offer.status).toBe("ACTIVE");
  });

  it("lists every closed gate at once: no consent, no photos, not verified", async () => {
    const other = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, other, { sign: false });
    const err = await caught(() => publish(other, profile.id));
    expect(Object.keys(err.fields)).toEqual(["consent_missing", "too_few_usable_photos", "talent_unverified"]);
  });

  it("denies a request under an offer published earlier once a gate closes (photos removed), with the reason for the studio", async () => {
    const owner = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, owner);
    const offer = await publishTestOffer(t.db, owner, profile.id);
    const before = await submitTestRequest(t.db, studio, offer.id);
    expect(before.request.status).toBe("pending_approval");

    const photo = await t.db.likenessAsset.findFirstOrThrow({ where: { profileId: profile.id, destroyedAt: null } });
    await deleteLikenessAsset({ db: t.db, actor: owner, meta: TEST_META, assetId: photo.id });
    const after = await submitTestRequest(t.db, studio, offer.id);
    expect(after.request.status).toBe("rejected_by_policy");
    const reasons = readPolicyReasons(after.request.policyReasons);
    expect(reasons.map((r) => r.code)).toEqual(["too_few_usable_photos"]);
    expect(reasons[0]!.message).toBe("The likeness set has 2 usable photos; at least 3 are needed before this likeness can be licensed.");
  });

  it("reads the minimum from LIKENESS_MIN_USABLE_PHOTOS", async () => {
    const owner = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, owner);
    await addUsablePhotos(t.db, owner, profile.id, 3);
    await recordVerifiedTalent(t.db, profile.id);
    process.env.LIKENESS_MIN_USABLE_PHOTOS = "4";
    try {
      expect((await caught(() => publish(owner, profile.id))).message).toContain("3 usable photos; at least 4");
    } finally {
      delete process.env.LIKENESS_MIN_USABLE_PHOTOS;
    }
    await publish(owner, profile.id);
  });
});

describe("estate proof of authority", () => {
  let estate: Actor;
  let profileId: string;

  beforeAll(async () => {
    estate = await createUser(t.db, "ESTATE");
    ({
      profile: { id: profileId },
    } = await createProfileWithConsent(t.db, estate, { displayName: "Edgar Example" }));
    await addUsablePhotos(t.db, estate, profileId, 3);
  });

  it("an estate without an approved proof cannot publish (estate_authority_unverified)", async () => {
    const err = await caught(() => publish(estate, profileId));
    expect(Object.keys(err.fields)).toEqual(["estate_authority_unverified"]);
  });

  it("takes a PDF or an image checked by content, stores it encrypted, and refuses anything else", async () => {
    const notPdf = await caught(() =>
      uploadTestAuthorityProof(t.db, estate, profileId, Buffer.from("%PDX this is a text file pretending to be a PDF")),
    );
    expect(notPdf.httpStatus).toBe(415);
    expect(notPdf.fields).toHaveProperty("file");

    const pdf = makePdf("Letters testamentary: Eve Example is the executor of the estate of Edgar Example.");
    const proof = await uploadTestAuthorityProof(t.db, estate, profileId, pdf);
    expect(proof).toMatchObject({ status: "pending", mimeType: "application/pdf", byteSize: pdf.length });
    const stored = await readFile(path.join(storage.dir, proof.blobKey));
    expect(stored.includes(Buffer.from("Letters testamentary"))).toBe(false);

    // Only admins read the document back, decrypted.
    expect((await readAuthorityProof({ db: t.db, actor: admin, proofId: proof.id })).bytes.equals(pdf)).toBe(true);
    for (const who of [estate, talent, studio]) {
      expect((await caught(() => readAuthorityProof({ db: t.db, actor: who, proofId: proof.id }))).httpStatus).toBe(403);
    }
    // One pending proof at a time.
    expect((await caught(() => uploadTestAuthorityProof(t.db, estate, profileId))).code).toBe("CONFLICT");
    // Still closed while it waits.
    expect((await caught(() => publish(estate, profileId))).message).toContain("waiting for review");
  });

  it("only the estate submits a proof, only for a deceased talent's profile", async () => {
    const { profile } = await createProfileWithConsent(t.db, await createUser(t.db, "TALENT"));
    const living = await t.db.likenessProfile.findUniqueOrThrow({ where: { id: profile.id }, include: { principal: true } });
    const owner: Actor = { userId: living.principal.id, role: "TALENT", email: living.principal.email, name: living.principal.name };
    expect((await caught(() => uploadTestAuthorityProof(t.db, owner, profile.id))).code).toBe("CONFLICT");
    expect((await caught(() => uploadTestAuthorityProof(t.db, talent, profileId))).httpStatus).toBe(404);
  });

  it("an admin rejects with a reason (required), the estate sees it and uploads a new proof, which the admin approves: publishing opens", async () => {
    const queue = await listReviewQueue({ db: t.db, actor: admin });
    const item = queue.items.find((i) => i.profile.id === profileId)!;
    expect(item).toMatchObject({
      kind: "estate_authority",
      document: { mimeType: "application/pdf" },
      profile: { displayName: "Edgar Example", deceased: true },
    });
    expect(item.profile.portraitAssetId).not.toBeNull();

    const noReason = await caught(() =>
      decideReviewItem({
        db: t.db,
        actor: admin,
        meta: TEST_META,
        input: { kind: "estate_authority", id: item.id, decision: "reject", reason: "" },
      }),
    );
    expect(noReason).toMatchObject({ httpStatus: 422, fields: { reason: expect.any(String) } });

    const reason = "The letters name a different executor; upload the court order naming you.";
    await decideReviewItem({
      db: t.db,
      actor: admin,
      meta: TEST_META,
      input: { kind: "estate_authority", id: item.id, decision: "reject", reason },
    });
    const seen = await listAuthorityProofs({ db: t.db, actor: estate, profileId });
    expect(seen[0]).toMatchObject({ status: "rejected", reviewReason: reason });
    const rejected = await t.db.auditEvent.findFirstOrThrow({ where: { action: "estate_authority.rejected", subjectId: item.id } });
    expect(rejected).toMatchObject({ actorUserId: admin.userId, payload: { profileId, reason } });
    // Deciding twice is refused.
    expect(
      (
        await caught(() =>
          reviewAuthorityProof({ db: t.db, actor: admin, meta: TEST_META, proofId: item.id, input: { decision: "approve" } }),
        )
      ).code,
    ).toBe("CONFLICT");
    expect((await caught(() => publish(estate, profileId))).fields).toHaveProperty("estate_authority_unverified");

    const second = await uploadTestAuthorityProof(t.db, estate, profileId, await makeJpeg(800, 1000));
    expect(second.mimeType).toBe("image/jpeg");
    const again = await listReviewQueue({ db: t.db, actor: admin });
    const next = again.items.find((i) => i.profile.id === profileId)!;
    expect(next.id).toBe(second.id);
    if (next.kind !== "estate_authority") throw new Error(`expected the estate's proof, got ${next.kind}`);
    expect(next.earlierRejections).toEqual([{ at: expect.any(Date), reason }]);
    await decideReviewItem({
      db: t.db,
      actor: admin,
      meta: TEST_META,
      input: { kind: "estate_authority", id: second.id, decision: "approve", reason: "Court order checked." },
    });
    expect(await t.db.auditEvent.count({ where: { action: "estate_authority.approved", subjectId: second.id } })).toBe(1);
    expect((await listReviewQueue({ db: t.db, actor: admin })).items.some((i) => i.profile.id === profileId)).toBe(false);

    const offer = await publish(estate, profileId);
    expect(offer.status).toBe("ACTIVE");
    // Approved: no further proof is taken.
    expect((await caught(() => uploadTestAuthorityProof(t.db, estate, profileId))).message).toContain("already verified");
  });
});

describe("admin review queue", () => {
  it("is for admins only (403 for every other role)", async () => {
    const others = [talent, studio, await createUser(t.db, "ESTATE"), await createUser(t.db, "AGENT")];
    for (const who of others) {
      expect((await caught(() => listReviewQueue({ db: t.db, actor: who }))).httpStatus).toBe(403);
      expect(
        (
          await caught(() =>
            decideReviewItem({ db: t.db, actor: who, meta: TEST_META, input: { kind: "estate_authority", id: "x", decision: "approve" } }),
          )
        ).httpStatus,
      ).toBe(403);
    }
  });

  it("is empty when nothing waits, and pages the waiting items oldest first", async () => {
    const empty = await listReviewQueue({ db: t.db, actor: admin });
    expect(empty).toMatchObject({ items: [], total: 0, pageCount: 1, countByKind: { estate_authority: 0 } });

    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const estate = await createUser(t.db, "ESTATE");
      const { profile } = await createProfileWithConsent(t.db, estate, { sign: false });
      ids.push((await uploadTestAuthorityProof(t.db, estate, profile.id)).id);
    }
    const first = await listReviewQueue({ db: t.db, actor: admin, page: { page: 1, pageSize: 4 } });
    const second = await listReviewQueue({ db: t.db, actor: admin, page: { page: 2, pageSize: 4 } });
    expect(first).toMatchObject({ total: 6, pageCount: 2 });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(ids);
    expect(second.items).toHaveLength(2);
    expect(first.items[0]!.profile.portraitAssetId).toBeNull(); // no photos yet
  });
});

describe("catalog portrait and pose coverage", () => {
  it("serves a small marked preview of the chosen portrait to studios only, for talent in the catalog, and says which views the set covers", async () => {
    const owner = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, owner);
    // Not in the catalog yet (no offer): 404 even for a studio.
    expect((await caught(() => readCatalogPortrait({ db: t.db, actor: studio, profileId: profile.id }))).httpStatus).toBe(404);
    await publishTestOffer(t.db, owner, profile.id);

    const preview = await readCatalogPortrait({ db: t.db, actor: studio, profileId: profile.id });
    const meta = await sharp(preview).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: PREVIEW_SIZE, height: PREVIEW_SIZE });
    // The mark is drawn into the pixels: the preview differs from the plain resized portrait at its bottom band.
    const band = await sharp(
      await sharp(preview)
        .extract({ left: 0, top: PREVIEW_SIZE - 16, width: 8, height: 14 })
        .toBuffer(),
    ).stats();
    expect(band.channels[0]!.mean).toBeLessThan(110); // the dark "Preview · not licensed" band

    for (const who of [owner, admin, await createUser(t.db, "AGENT")]) {
      expect((await caught(() => readCatalogPortrait({ db: t.db, actor: who, profileId: profile.id }))).httpStatus).toBe(403);
    }
    const coverage = await catalogPoseCoverage({ db: t.db, actor: studio, profileId: profile.id });
    expect(coverage).toEqual({ usablePhotos: 3, views: ["right", "frontal", "left"], missing: ["right profile", "left profile"] });
  });
});
