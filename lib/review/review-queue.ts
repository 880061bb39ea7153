import { z } from "zod";
import { recordId } from "@/lib/validation/text";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { notFound, parseInput } from "@/lib/errors";
import { reviewAuthorityProof, ZReviewDecision } from "@/lib/estates/authority-proof";
import { decideIdentityConflict } from "@/lib/identity/identity-conflicts";
import { reviewVerification } from "@/lib/identity/review-verification";
import {
  readVerificationReasons,
  readVerificationReport,
  type StoredVerificationReason,
  type StoredVerificationReport,
} from "@/lib/identity/stored-verification";
import { portraitAssetId, readPortrait } from "@/lib/profiles/portrait";

// The admin review queue (/admin/review): everything that waits for a person,
// as one list of typed items, oldest first. Each kind is a ReviewSource: how
// many wait, the oldest N as items (with their evidence), and how a decision is
// applied (audited with its reason, by the source's own lib action).
//
// Kinds now: estate_authority (an estate's proof of authority), liveness (a
// consent video the check sent to review), identity_conflict (two people's
// sets with one face). To add one (e.g. flagged_set): add its item type to
// ReviewItem, its source to SOURCES, and a card for it in
// app/(roles)/admin/review; nothing else changes.

export const REVIEW_KINDS = ["estate_authority", "liveness", "identity_conflict"] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** The profile an item is about, with what an admin compares the evidence with. */
export type ReviewProfile = {
  id: string;
  displayName: string;
  bio: string;
  deceased: boolean;
  diedOn: Date | null;
  createdAt: Date;
  principal: { id: string; name: string; email: string; role: string; createdAt: Date };
  /** The chosen portrait (lib/profiles/portrait.ts), null without a usable photo. */
  portraitAssetId: string | null;
  usablePhotos: number | null;
};

type ReviewItemBase = { kind: ReviewKind; id: string; waitingSince: Date; profile: ReviewProfile };

export type EstateAuthorityItem = ReviewItemBase & {
  kind: "estate_authority";
  document: { mimeType: string; byteSize: number; originalName: string; sha256: string };
  /** Earlier proofs of the same profile that were rejected, newest first, with the reasons given. */
  earlierRejections: Array<{ at: Date | null; reason: string | null }>;
};

/** A consent video ("Verify it's you") the check sent to review: its measurements and reasons beside the set's portrait. */
export type LivenessItem = ReviewItemBase & {
  kind: "liveness";
  phrase: string;
  prompts: string[];
  report: StoredVerificationReport | null;
  reasons: StoredVerificationReason[];
  /** The video can be watched (it is gone once the set's biometrics were destroyed). */
  hasVideo: boolean;
};

/** Two people's profiles whose sets show the same face: the newer one (profile) waits; the older one is shown beside it. */
export type IdentityConflictItem = ReviewItemBase & {
  kind: "identity_conflict";
  otherProfile: ReviewProfile;
  distance: number;
};

export type ReviewItem = EstateAuthorityItem | LivenessItem | IdentityConflictItem; // | FlaggedSetItem

type ReviewSource<I extends ReviewItem> = {
  count(db: Db): Promise<number>;
  /** Items waiting, oldest first, at most `take`. */
  oldest(db: Db, take: number): Promise<I[]>;
  decide(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; decision: "approve" | "reject"; reason: string }): Promise<unknown>;
};

const profileSelect = {
  id: true,
  displayName: true,
  bio: true,
  deceased: true,
  diedOn: true,
  createdAt: true,
  wrappedDataKey: true,
  principal: { select: { id: true, name: true, email: true, role: true, createdAt: true } },
} as const;

const estateAuthority: ReviewSource<EstateAuthorityItem> = {
  count: (db) => db.estateAuthorityProof.count({ where: { status: "pending" } }),
  async oldest(db, take) {
    const rows = await db.estateAuthorityProof.findMany({
      where: { status: "pending" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take,
      include: { profile: { select: profileSelect } },
    });
    return Promise.all(
      rows.map(async (r) => {
        const { wrappedDataKey, ...profile } = r.profile;
        const [portrait, earlier] = await Promise.all([
          portraitAssetId(db, { id: profile.id, wrappedDataKey }),
          db.estateAuthorityProof.findMany({
            where: { profileId: profile.id, status: "rejected" },
            orderBy: { createdAt: "desc" },
            select: { reviewedAt: true, reviewReason: true },
          }),
        ]);
        return {
          kind: "estate_authority" as const,
          id: r.id,
          waitingSince: r.createdAt,
          profile: { ...profile, portraitAssetId: portrait, usablePhotos: null },
          document: { mimeType: r.mimeType, byteSize: r.byteSize, originalName: r.originalName, sha256: r.sha256 },
          earlierRejections: earlier.map((e) => ({ at: e.reviewedAt, reason: e.reviewReason })),
        };
      }),
    );
  },
  decide: ({ db, actor, meta, id, decision, reason }) =>
    reviewAuthorityProof({ db, actor, meta, proofId: id, input: { decision, reason } }),
};

type ProfileRow = {
  id: string;
  displayName: string;
  bio: string;
  deceased: boolean;
  diedOn: Date | null;
  createdAt: Date;
  wrappedDataKey: Uint8Array | null;
  principal: ReviewProfile["principal"];
};

async function reviewProfileOf(db: Db, row: ProfileRow): Promise<ReviewProfile> {
  const { wrappedDataKey, ...profile } = row;
  return { ...profile, portraitAssetId: await portraitAssetId(db, { id: profile.id, wrappedDataKey }), usablePhotos: null };
}

const liveness: ReviewSource<LivenessItem> = {
  count: (db) => db.identityVerification.count({ where: { status: "review" } }),
  async oldest(db, take) {
    const rows = await db.identityVerification.findMany({
      where: { status: "review" },
      orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      take,
      include: { profile: { select: profileSelect } },
    });
    return Promise.all(
      rows.map(async (r) => ({
        kind: "liveness" as const,
        id: r.id,
        waitingSince: r.analyzedAt ?? r.createdAt,
        profile: await reviewProfileOf(db, r.profile),
        phrase: r.phrase,
        prompts: r.prompts,
        report: readVerificationReport(r.report),
        reasons: readVerificationReasons(r.reasons),
        hasVideo: r.videoBlobKey !== null,
      })),
    );
  },
  decide: ({ db, actor, meta, id, decision, reason }) =>
    reviewVerification({
      db,
      actor,
      meta,
      verificationId: id,
      decision,
      reason: reason || (decision === "approve" ? "Confirmed by an admin after watching the video." : ""),
    }),
};

const identityConflict: ReviewSource<IdentityConflictItem> = {
  count: (db) => db.identityConflict.count({ where: { status: "open" } }),
  async oldest(db, take) {
    const rows = await db.identityConflict.findMany({
      where: { status: "open" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take,
      include: { profile: { select: profileSelect }, otherProfile: { select: profileSelect } },
    });
    return Promise.all(
      rows.map(async (r) => ({
        kind: "identity_conflict" as const,
        id: r.id,
        waitingSince: r.createdAt,
        profile: await reviewProfileOf(db, r.profile),
        otherProfile: await reviewProfileOf(db, r.otherProfile),
        distance: r.distance,
      })),
    );
  },
  // Approve: different people, the newer profile may license; reject: the face is the older profile's, it stays closed.
  decide: ({ db, actor, meta, id, decision, reason }) =>
    decideIdentityConflict({
      db,
      actor,
      meta,
      conflictId: id,
      decision: decision === "approve" ? "dismiss" : "uphold",
      reason: reason || (decision === "approve" ? "Different people: allowed by an admin after review." : ""),
    }),
};

const SOURCES: { [K in ReviewKind]: ReviewSource<Extract<ReviewItem, { kind: K }>> } = {
  estate_authority: estateAuthority,
  liveness,
  identity_conflict: identityConflict,
};

export const ZReviewPage = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

export type ReviewQueuePage = {
  items: ReviewItem[];
  total: number;
  page: number;
  pageCount: number;
  countByKind: Record<ReviewKind, number>;
};

/** One page of the queue, every kind merged, oldest first. Admins only. */
export async function listReviewQueue(opts: { db: Db; actor: Actor; page?: z.input<typeof ZReviewPage> }): Promise<ReviewQueuePage> {
  requireRole(opts.actor, ["ADMIN"]);
  const { page, pageSize } = parseInput(ZReviewPage, opts.page ?? {});
  const counts = await Promise.all(REVIEW_KINDS.map(async (k) => [k, await SOURCES[k].count(opts.db)] as const));
  const countByKind = Object.fromEntries(counts) as Record<ReviewKind, number>;
  const total = counts.reduce((s, [, n]) => s + n, 0);
  // The oldest page*pageSize of every kind hold the page's items whatever the mix.
  const upTo = page * pageSize;
  const all = (await Promise.all(REVIEW_KINDS.map((k) => SOURCES[k].oldest(opts.db, upTo)))).flat();
  all.sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime() || a.id.localeCompare(b.id));
  return { items: all.slice(upTo - pageSize, upTo), total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)), countByKind };
}

export const ZDecideReviewItem = ZReviewDecision.extend({ kind: z.enum(REVIEW_KINDS), id: recordId("Choose the item to decide") });

/** An admin's decision on one item, applied and audited by its kind's action. */
export async function decideReviewItem(opts: { db: Db; actor: Actor; meta: RequestMeta; input: z.input<typeof ZDecideReviewItem> }) {
  requireRole(opts.actor, ["ADMIN"]);
  const input = parseInput(ZDecideReviewItem, opts.input);
  return SOURCES[input.kind].decide({
    db: opts.db,
    actor: opts.actor,
    meta: opts.meta,
    id: input.id,
    decision: input.decision,
    reason: input.reason,
  });
}

/**
 * The chosen portrait of a profile that is the subject of a review item
 * (waiting or decided), for admins only; any other profile answers 404, so
 * the queue is no back door to every likeness set.
 */
export async function readReviewPortrait(opts: { db: Db; actor: Actor; profileId: string }) {
  requireRole(opts.actor, ["ADMIN"]);
  const [proof, verification, conflict] = await Promise.all([
    opts.db.estateAuthorityProof.findFirst({ where: { profileId: opts.profileId }, select: { id: true } }),
    opts.db.identityVerification.findFirst({
      where: { profileId: opts.profileId, OR: [{ status: "review" }, { reviewedAt: { not: null } }] },
      select: { id: true },
    }),
    opts.db.identityConflict.findFirst({
      where: { OR: [{ profileId: opts.profileId }, { otherProfileId: opts.profileId }] },
      select: { id: true },
    }),
  ]);
  const underReview = proof ?? verification ?? conflict;
  const portrait = underReview ? await readPortrait(opts.db, opts.profileId) : null;
  if (!portrait) throw notFound("Portrait");
  return portrait;
}
