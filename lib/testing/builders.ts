import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { hashPassword } from "@/lib/auth/password";
import { consentDocumentHash, consentDocumentText } from "@/lib/consent/consent-document";
import { signConsent } from "@/lib/consent/sign-consent";
import type { Db } from "@/lib/db/client";
import type { UploadKind } from "@/lib/db/generated/enums";
import type { UseCategory } from "@/lib/licensing/vocabulary";
import { publishOffer } from "@/lib/offers/publish-offer";
import type { TPublishOffer } from "@/lib/offers/types";
import { licensingConfig } from "@/lib/config";
import { reviewAuthorityProof, uploadAuthorityProof } from "@/lib/estates/authority-proof";
import { sealDescriptor } from "@/lib/likeness-analysis/sealed-descriptor";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";
import { createProfile } from "@/lib/profiles/create-profile";
import { estateAuthorityState } from "@/lib/profiles/licensing-gates";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import type { ImageReport } from "@/ml/analysis/types";
import { uploadLikenessAsset } from "@/lib/profiles/likeness-assets";
import { inviteTalent } from "@/lib/representation/invite-talent";
import { respondToInvitation } from "@/lib/representation/respond-to-invitation";
import { createRequest } from "@/lib/requests/create-request";
import type { TCreateRequest } from "@/lib/requests/types";
import { acceptStudioInvitation, inviteStudioMember } from "@/lib/studios/studio-invitations";
import { createStudioUpload } from "@/lib/studios/studio-uploads";
import { signUp } from "@/lib/users/sign-up";
import type { SignUpRole } from "@/lib/users/types";
import { referenceFaceOf } from "@/lib/identity/reference-face";
import { verificationDescriptorAad } from "@/lib/identity/stored-verification";
import { identityStatusOf } from "@/lib/identity/verification-status";
import { sealFaceDescriptor } from "@/lib/likeness-analysis/sealed-descriptor";
import { makePdf } from "./pdf-fixture";

// Test-data builders for integration and end-to-end tests. Every builder goes
// through the real lib action (sign-up, consent, offers, uploads, requests), so
// the data has the same shape, audit events and encrypted blobs as data a person
// made in the browser. Nothing here inserts rows directly, except the admin
// account, which (as in scripts/seed.ts) has no sign-up path, and the stored
// result of a photo's analysis (addUsablePhotos: the real engine takes seconds
// per photo, so the builder writes the report the worker would).
//
// Typical file:
//
//   let t: TestDatabase; let storage: TestStorage;
//   beforeAll(async () => {
//     storage = await useTestStorage();           // before the first upload or sign-up
//     t = await createTestDatabase();
//     const talent = await createUser(t.db, "TALENT");
//     const { profile } = await createProfileWithConsent(t.db, talent);
//     const offer = await publishTestOffer(t.db, talent, profile.id);
//     const studio = await createStudio(t.db);
//     const { request } = await submitTestRequest(t.db, studio, offer.id);
//   });
//   afterAll(async () => { await t?.drop(); await storage?.cleanup(); });
//
// Sign-up hashes the password with scrypt (~100 ms), so create users once per
// file in beforeAll and reuse them.

export const DAY_MS = 86_400_000;

/** The password of every account the builders create. */
export const TEST_PASSWORD = "correct horse battery staple";

/** Request metadata as a browser would send it. */
export const TEST_META: RequestMeta = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) likeness-tests" };

const unique = () => randomBytes(4).toString("hex");

// ---------------------------------------------------------------------------
// Storage

export type TestStorage = {
  /** LIKENESS_STORAGE_DIR for this file. */
  dir: string;
  /** Every file under the storage dir (relative paths, sorted). */
  files: () => Promise<string[]>;
  /** Removes the dir and restores the environment. */
  cleanup: () => Promise<void>;
};

/**
 * Points blob storage at a fresh temp dir and sets a master key (64 hex chars)
 * unless one is set, so tests never touch .data/. Call before the first action
 * that creates a data key or writes a blob (sign-up of a studio does both).
 */
export async function useTestStorage(): Promise<TestStorage> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "likeness-test-blobs-"));
  const previous = { storage: process.env.LIKENESS_STORAGE_DIR, key: process.env.LIKENESS_MASTER_KEY };
  process.env.LIKENESS_STORAGE_DIR = dir;
  process.env.LIKENESS_MASTER_KEY ??= randomBytes(32).toString("hex");
  return {
    dir,
    files: () => listFiles(dir),
    cleanup: async () => {
      if (previous.storage === undefined) delete process.env.LIKENESS_STORAGE_DIR;
      else process.env.LIKENESS_STORAGE_DIR = previous.storage;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

// ---------------------------------------------------------------------------
// Accounts

export type UserOptions = { name?: string; email?: string };

/** Signs up a talent, agent, estate or studio user (a studio user without a studio; see createStudio). */
export async function createUser(db: Db, role: SignUpRole, opts: UserOptions = {}): Promise<Actor> {
  const id = unique();
  return signUp({
    db,
    meta: TEST_META,
    input: {
      role,
      name: opts.name ?? `${role[0]}${role.slice(1).toLowerCase()} ${id}`,
      email: opts.email ?? `${role.toLowerCase()}-${id}@example.test`,
      password: TEST_PASSWORD,
    },
  });
}

/** Signs up a studio user who owns a new studio; the returned actor carries its studioId. */
export async function createStudio(db: Db, opts: UserOptions & { studioName?: string } = {}): Promise<Actor> {
  const id = unique();
  const actor = await signUp({
    db,
    meta: TEST_META,
    input: {
      role: "STUDIO",
      name: opts.name ?? `Studio Owner ${id}`,
      email: opts.email ?? `studio-${id}@example.test`,
      password: TEST_PASSWORD,
      studioName: opts.studioName ?? `Studio ${id}`,
    },
  });
  if (!actor.studioId) throw new Error("sign-up with a studio name did not create a studio");
  return actor;
}

/** Signs up a studio user whom the studio's owner invites and who accepts. */
export async function createStudioMember(db: Db, owner: Actor, opts: UserOptions = {}): Promise<Actor> {
  const user = await createUser(db, "STUDIO", opts);
  await inviteStudioMember({ db, actor: owner, meta: TEST_META, input: { email: user.email } });
  const invitation = await db.studioInvitation.findUniqueOrThrow({
    where: { studioId_email: { studioId: owner.studioId!, email: user.email } },
  });
  await acceptStudioInvitation({ db, actor: user, meta: TEST_META, invitationId: invitation.id });
  return { ...user, studioId: owner.studioId };
}

/**
 * An admin account. Admins cannot sign up; like scripts/seed.ts this creates the
 * user and its audit event directly.
 */
export async function createAdmin(db: Db, opts: UserOptions = {}): Promise<Actor> {
  const id = unique();
  const passwordHash = await hashPassword(TEST_PASSWORD);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: opts.email ?? `admin-${id}@example.test`,
        name: opts.name ?? `Admin ${id}`,
        role: "ADMIN",
        passwordHash,
      },
    });
    await appendAuditEvent(tx, {
      actor: null,
      action: "user.signed_up",
      subjectType: "User",
      subjectId: user.id,
      payload: { role: "ADMIN", seeded: true },
    });
    return { userId: user.id, role: user.role, email: user.email, name: user.name };
  });
}

/** The agent invites the principal (talent or estate), who accepts: an active representation. */
export async function representTalent(db: Db, agent: Actor, principal: Actor, commissionPercent = 10) {
  const invitation = await inviteTalent({ db, actor: agent, meta: TEST_META, input: { email: principal.email, commissionPercent } });
  await respondToInvitation({ db, actor: principal, meta: TEST_META, input: { representationId: invitation.id, accept: true } });
  return db.representation.findUniqueOrThrow({ where: { id: invitation.id } });
}

// ---------------------------------------------------------------------------
// Profiles and consent

export const ALL_SCOPES: UseCategory[] = ["advertising", "film_tv", "music_video", "game", "education", "parody", "other"];

/**
 * The SHA-256 a browser submits when signing: the hash of the consent text it
 * displayed, rebuilt from the profile (name, deceased) and the signer's choices.
 */
export function consentTextHash(
  profile: { displayName: string; deceased: boolean },
  scopes: readonly UseCategory[],
  expiresAt: Date,
): string {
  return consentDocumentHash(consentDocumentText({ displayName: profile.displayName, deceased: profile.deceased, scopes, expiresAt }));
}

export type ConsentOptions = {
  scopes?: UseCategory[];
  /** Defaults to two years after `now`. */
  expiresAt?: Date;
  legalName?: string;
  now?: Date;
};

/** The principal signs (a new version of) the consent of a profile, exactly as the consent page does. */
export async function signTestConsent(
  db: Db,
  signer: Actor,
  profile: { id: string; displayName: string; deceased: boolean },
  opts: ConsentOptions = {},
) {
  const now = opts.now ?? new Date();
  const scopes = opts.scopes ?? ["advertising", "film_tv", "music_video"];
  const expiresAt = opts.expiresAt ?? new Date(now.getTime() + 730 * DAY_MS);
  return signConsent({
    db,
    actor: signer,
    meta: TEST_META,
    now,
    input: {
      profileId: profile.id,
      scopes,
      expiresAt,
      legalName: opts.legalName ?? signer.name,
      textSha256: consentTextHash(profile, scopes, expiresAt),
      agree: true,
    },
  });
}

export type ProfileOptions = ConsentOptions & {
  displayName?: string;
  bio?: string;
  /** An agent who creates the profile for the principal (the principal still signs). */
  createdBy?: Actor;
  /** Date of death; required when the principal is an estate (defaults to 2019-05-01). */
  diedOn?: Date;
  /** false: create the profile without signing consent. */
  sign?: boolean;
};

/** A likeness profile of the principal (talent or estate), with a signed consent unless `sign: false`. */
export async function createProfileWithConsent(db: Db, principal: Actor, opts: ProfileOptions = {}) {
  const creator = opts.createdBy ?? principal;
  const profile = await createProfile({
    db,
    actor: creator,
    meta: TEST_META,
    input: {
      displayName: opts.displayName ?? principal.name,
      bio: opts.bio ?? "Screen actor available for licensed campaigns.",
      ...(creator.role === "AGENT" ? { principalUserId: principal.userId } : {}),
      ...(principal.role === "ESTATE" ? { diedOn: opts.diedOn ?? new Date("2019-05-01") } : {}),
    },
  });
  const consent = opts.sign === false ? null : await signTestConsent(db, principal, profile, opts);
  return { profile, consent };
}

// ---------------------------------------------------------------------------
// Offers

/** Valid offer input: advertising + film, US/FR/DE, online video + social, running from yesterday for a year. */
export function offerInput(profileId: string, overrides: Partial<TPublishOffer> = {}, now = new Date()): TPublishOffer {
  return {
    profileId,
    title: "Online advertising, EU and US",
    description: "Short-form online ads for consumer brands.",
    allowedCategories: ["advertising", "film_tv"],
    extraExclusions: ["gambling", "tobacco_vaping"],
    territories: ["US", "FR", "DE"],
    channels: ["online_video", "social"],
    termStart: new Date(now.getTime() - DAY_MS),
    termEnd: new Date(now.getTime() + 365 * DAY_MS),
    maxRenders: 10,
    maxOutputSeconds: 600,
    flatFeeMinor: 250_000,
    perSecondMinor: 1_500,
    currency: "USD",
    approvalMode: "MANUAL",
    disclosureText: "AI-generated likeness, licensed via Likeness",
    ...overrides,
  };
}

/**
 * Publishes an offer on a profile (as its talent, estate or representing
 * agent). First opens the gates before licensing that a test would otherwise
 * have to open by hand (makeLicensable): `licensable: false` publishes as is.
 */
export async function publishTestOffer(
  db: Db,
  actor: Actor,
  profileId: string,
  overrides: Partial<TPublishOffer> = {},
  now?: Date,
  opts: { licensable?: boolean } = {},
) {
  if (opts.licensable !== false) await makeLicensable(db, profileId);
  return publishOffer({ db, actor, meta: TEST_META, input: offerInput(profileId, overrides, now), now });
}

/**
 * Opens the gates of a profile other than consent (lib/licensing/gates.ts):
 * tops its likeness set up to LIKENESS_MIN_USABLE_PHOTOS usable photos
 * (addUsablePhotos) and, for an estate, has its proof of authority uploaded
 * and approved by an admin. Leaves a profile that already passes unchanged.
 */
export async function makeLicensable(db: Db, profileId: string) {
  const profile = await db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } });
  const principal = await principalActor(db, profile.principalUserId);
  if (profile.wrappedDataKey) {
    const usable = (await likenessSetReportOf(db, profile)).report?.usableCount ?? 0;
    const missing = licensingConfig().minUsablePhotos - usable;
    if (missing > 0) await addUsablePhotos(db, principal, profileId, missing);
  }
  if (profile.deceased && (await estateAuthorityState(db, profile)) !== "approved") await approveEstateAuthority(db, principal, profileId);
  if (!profile.deceased && profile.wrappedDataKey && !(await identityStatusOf(db, profileId)).verified)
    await recordVerifiedTalent(db, profileId);
}

/**
 * Records a passed "Verify it's you" for a living talent, as the worker's
 * check would after a good video (no video is stored): the set's face as the
 * verified face, and the audit event. For tests, and for the demo seed (which
 * says so in the note). The real check is tested in lib/identity.
 */
export async function recordVerifiedTalent(db: Db, profileId: string, note = "Recorded by the test builders (no video).") {
  const profile = await db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } });
  if (!profile.wrappedDataKey) throw new Error("the profile's data was destroyed");
  const face = await referenceFaceOf(db, profile);
  const dataKey = unwrapKey(masterKey(), Buffer.from(profile.wrappedDataKey));
  const at = new Date();
  await db.$transaction(async (tx) => {
    const v = await tx.identityVerification.create({
      data: {
        profileId,
        status: "verified",
        phrase: "(recorded without a video)",
        prompts: [],
        expiresAt: at,
        requestedById: profile.principalUserId,
        submittedAt: at,
        analyzedAt: at,
        reviewReason: note,
        reasons: [],
      },
    });
    if (face)
      await tx.identityVerification.update({
        where: { id: v.id },
        data: { sealedDescriptor: sealFaceDescriptor(dataKey, verificationDescriptorAad(v.id), face.descriptor) },
      });
    await appendAuditEvent(tx, {
      actor: null,
      at,
      action: "identity.verified",
      subjectType: "IdentityVerification",
      subjectId: v.id,
      payload: { profileId, reasons: [], distance: null, note },
    });
  });
}

async function principalActor(db: Db, userId: string): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return { userId: user.id, role: user.role, email: user.email, name: user.name };
}

const testAdmins = new WeakMap<Db, Promise<Actor>>();

/** One admin per database for the builders' reviews. */
function builderAdmin(db: Db): Promise<Actor> {
  let admin = testAdmins.get(db);
  if (!admin) testAdmins.set(db, (admin = createAdmin(db, { name: "Builder Admin" })));
  return admin;
}

/** The estate uploads a proof of authority (a real PDF) for its profile. */
export async function uploadTestAuthorityProof(db: Db, estate: Actor, profileId: string, bytes?: Buffer) {
  return uploadAuthorityProof({
    db,
    actor: estate,
    meta: TEST_META,
    profileId,
    file: { name: "letters-testamentary.pdf", bytes: bytes ?? makePdf() },
  });
}

/** The estate uploads a proof (unless one is pending) and an admin approves it. */
export async function approveEstateAuthority(db: Db, estate: Actor, profileId: string, admin?: Actor) {
  const pending = await db.estateAuthorityProof.findFirst({ where: { profileId, status: "pending" } });
  const proof = pending ?? (await uploadTestAuthorityProof(db, estate, profileId));
  return reviewAuthorityProof({
    db,
    actor: admin ?? (await builderAdmin(db)),
    meta: TEST_META,
    proofId: proof.id,
    input: { decision: "approve", reason: "Letters testamentary match the estate's name." },
  });
}

/**
 * Adds `count` photos that the likeness set report calls usable: each is
 * uploaded through the real upload path (checked, encrypted, audited), then
 * its analysis is stored as the worker stores it (report, sealed descriptor of
 * one identity, audit event). The photos are synthetic (no real face), so a
 * render that needs real faces uploads them with uploadAnalyzedLikenessSet
 * (render-fixtures.ts) instead; no base model is queued for them.
 */
export async function addUsablePhotos(db: Db, manager: Actor, profileId: string, count = licensingConfig().minUsablePhotos) {
  const profile = await db.likenessProfile.findUniqueOrThrow({ where: { id: profileId } });
  if (!profile.wrappedDataKey) throw new Error("the profile's data was destroyed");
  const dataKey = unwrapKey(masterKey(), Buffer.from(profile.wrappedDataKey));
  // One identity: a fixed descriptor per profile, each photo a small step from it (well within the 0.5 threshold).
  const seed = [...profileId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const identity = Array.from({ length: 128 }, (_, i) => Math.sin(seed + i * 1.7) * 0.1);
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const asset = await uploadTestPhoto(db, manager, profileId, await makeJpeg(256 + 8 * n, 256));
    const yaw = [0, -20, 20, -35, 35, 10][n % 6]!;
    const report: ImageReport = {
      name: asset.originalName,
      usable: true,
      issues: [],
      width: asset.width,
      height: asset.height,
      facesFound: 1,
      blurScore: 150,
      detailRatio: 0.2,
      faceSize: 180,
      pose: { yaw, pitch: 0, roll: 0 },
    };
    const descriptor = identity.map((v, i) => v + Math.cos(seed + n * 13 + i) * 0.005);
    await db.$transaction(async (tx) => {
      await tx.likenessAsset.update({
        where: { id: asset.id },
        data: {
          analysisStatus: "DONE",
          analyzedAt: new Date(),
          analysis: JSON.parse(JSON.stringify(report)) as object,
          analysisError: null,
          sealedDescriptor: sealDescriptor(dataKey, asset.id, descriptor),
        },
      });
      await appendAuditEvent(tx, {
        actor: null,
        action: "likeness_asset.analyzed",
        subjectType: "LikenessAsset",
        subjectId: asset.id,
        payload: { profileId, facesFound: 1, usable: true, issues: [] },
      });
    });
    ids.push(asset.id);
  }
  return ids;
}

// ---------------------------------------------------------------------------
// Files

/** A real JPEG (a smooth colour gradient with a face-sized ellipse), made with sharp. */
export async function makeJpeg(width = 256, height = 256, quality = 85): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#c9a27e"/><stop offset="1" stop-color="#4a6fa5"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <ellipse cx="${width / 2}" cy="${height / 2}" rx="${width / 4}" ry="${height / 3}" fill="#e0b48f"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality }).toBuffer();
}

/** A real PNG of a flat colour (compresses to a few KB whatever its size). */
export async function makePng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 160 } } })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

export { makePdf };

/** Uploads a reference photo to a profile's likeness set (needs an active consent). */
export async function uploadTestPhoto(db: Db, actor: Actor, profileId: string, bytes?: Buffer) {
  return uploadLikenessAsset({
    db,
    actor,
    meta: TEST_META,
    profileId,
    file: { name: "reference-front.jpg", bytes: bytes ?? (await makeJpeg()) },
  });
}

/** Uploads a studio file: target footage (a still JPEG) or a release (a PDF). */
export async function uploadStudioFile(db: Db, studio: Actor, kind: UploadKind, bytes?: Buffer) {
  const file =
    kind === "TARGET_FOOTAGE"
      ? { name: "target-shot.jpg", bytes: bytes ?? (await makeJpeg(320, 240)) }
      : { name: "performer-release.pdf", bytes: bytes ?? makePdf() };
  return createStudioUpload({ db, actor: studio, meta: TEST_META, kind, file });
}

/** Target footage and a release, ready to attach to a request. */
export async function uploadRequestFiles(db: Db, studio: Actor) {
  const target = await uploadStudioFile(db, studio, "TARGET_FOOTAGE");
  const release = await uploadStudioFile(db, studio, "RELEASE");
  return { targetUploadId: target.id, releaseUploadId: release.id };
}

// ---------------------------------------------------------------------------
// Requests

/** A request input that the default offer (offerInput) allows: advertising in the US, online video, 30 s. */
export function requestInput(
  offerId: string,
  uploads: { targetUploadId?: string; releaseUploadId?: string },
  overrides: Partial<TCreateRequest> = {},
  now = new Date(),
): TCreateRequest {
  return {
    offerId,
    title: `Spring campaign ${unique()}`,
    category: "advertising",
    contentDeclarations: [],
    topics: [],
    territories: ["US"],
    channels: ["online_video"],
    campaignStart: new Date(now.getTime() + 7 * DAY_MS),
    campaignEnd: new Date(now.getTime() + 60 * DAY_MS),
    outputSeconds: 30,
    intendedUse: "A 30-second pre-roll ad for a running shoe, the talent's face on our lead runner in two outdoor scenes.",
    ...uploads,
    ...overrides,
  };
}

/**
 * A studio creates and submits a request against an offer. Uploads fresh target
 * footage and release files unless `uploads` names existing ones.
 */
export async function submitTestRequest(
  db: Db,
  studio: Actor,
  offerId: string,
  opts: {
    overrides?: Partial<TCreateRequest>;
    uploads?: { targetUploadId?: string; releaseUploadId?: string };
    submit?: boolean;
    now?: Date;
  } = {},
) {
  const uploads = opts.uploads ?? (await uploadRequestFiles(db, studio));
  return createRequest({
    db,
    actor: studio,
    meta: TEST_META,
    input: requestInput(offerId, uploads, opts.overrides, opts.now),
    submit: opts.submit,
    now: opts.now,
  });
}

// ---------------------------------------------------------------------------
// Assertions

/** Runs fn and returns the AppError-like object it threw (fails if it resolved). */
export async function caught(
  fn: () => Promise<unknown>,
): Promise<{ code: string; httpStatus: number; message: string; fields: Record<string, string> }> {
  try {
    await fn();
  } catch (err) {
    return err as { code: string; httpStatus: number; message: string; fields: Record<string, string> };
  }
  throw new Error("expected the action to fail, but it succeeded");
}
