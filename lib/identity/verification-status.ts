import type { Actor } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import type { Db, Tx } from "@/lib/db/client";
import { lastBiometricsDestruction } from "@/lib/profiles/profile-history";
import {
  readVerificationReasons,
  readVerificationReport,
  type StoredVerificationReason,
  type StoredVerificationReport,
} from "./stored-verification";

export type VerificationView = {
  id: string;
  status: "awaiting_video" | "analysing" | "verified" | "rejected" | "review" | "expired";
  createdAt: Date;
  expiresAt: Date;
  submittedAt: Date | null;
  analyzedAt: Date | null;
  reasons: StoredVerificationReason[];
  report: StoredVerificationReport | null;
  /** An admin's decision on a review, with the reason shown to the talent. */
  reviewedAt: Date | null;
  reviewReason: string | null;
};

export type IdentityStatus = {
  /** A consent video of this talent was verified (by the check, or by an admin on review). */
  verified: boolean;
  verifiedAt: Date | null;
  /** The most recent attempt, whatever its outcome. */
  latest: VerificationView | null;
};

function view(v: {
  id: string;
  status: VerificationView["status"];
  createdAt: Date;
  expiresAt: Date;
  submittedAt: Date | null;
  analyzedAt: Date | null;
  reasons: unknown;
  report: unknown;
  reviewedAt: Date | null;
  reviewReason: string | null;
}): VerificationView {
  return {
    id: v.id,
    status: v.status,
    createdAt: v.createdAt,
    expiresAt: v.expiresAt,
    submittedAt: v.submittedAt,
    analyzedAt: v.analyzedAt,
    reasons: readVerificationReasons(v.reasons),
    report: readVerificationReport(v.report),
    reviewedAt: v.reviewedAt,
    reviewReason: v.reviewReason,
  };
}

/**
 * Whether a profile's talent is verified, and the latest attempt; for the
 * platform's own checks (gates, catalog). Only attempts made since the
 * profile's biometric data was last destroyed count: a profile rebuilt under
 * new consent is verified again, against its new photos.
 */
export async function identityStatusOf(db: Db | Tx, profileId: string): Promise<IdentityStatus> {
  const since = await lastBiometricsDestruction(db, profileId);
  const where = { profileId, ...(since ? { createdAt: { gt: since } } : {}) };
  const [latest, verified] = await Promise.all([
    db.identityVerification.findFirst({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
    db.identityVerification.findFirst({
      where: { ...where, status: "verified" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { analyzedAt: true, reviewedAt: true },
    }),
  ]);
  return {
    verified: !!verified,
    verifiedAt: verified ? (verified.reviewedAt ?? verified.analyzedAt) : null,
    latest: latest ? view(latest) : null,
  };
}

/** The same for the profile's managers (talent, accepted agent); others get 404. */
export async function identityStatus(opts: { db: Db; actor: Actor; profileId: string }): Promise<IdentityStatus> {
  await loadManagedProfile(opts.db, opts.actor, opts.profileId);
  return identityStatusOf(opts.db, opts.profileId);
}

/** One attempt, for the talent who made it (the page that records and then shows the outcome). */
export async function getVerification(opts: { db: Db; actor: Actor; verificationId: string }) {
  const v = await opts.db.identityVerification.findUnique({ where: { id: opts.verificationId } });
  if (!v) return null;
  const profile = await loadManagedProfile(opts.db, opts.actor, v.profileId).catch(() => null);
  if (!profile) return null;
  return { ...view(v), profileId: v.profileId, phrase: v.phrase, prompts: v.prompts, mine: profile.principalUserId === opts.actor.userId };
}
