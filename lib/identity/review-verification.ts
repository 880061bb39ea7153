import { z } from "zod";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { getSealedBlob } from "@/lib/storage/blob-store";
import { unwrapKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { linkConsentVideo } from "./consent-video-reference";

const ZDecision = z.object({
  decision: z.enum(["approve", "reject"]),
  reason: z.string().trim().min(3, "Give the reason the talent will see").max(1000),
});

/**
 * An admin decides a consent video the check sent to review (a borderline
 * match, low anti-spoofing scores, a still mouth): approve verifies the
 * talent, reject tells them why. Recorded with the reason, audited.
 */
export async function reviewVerification(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  verificationId: string;
  decision: string;
  reason: string;
  now?: Date;
}) {
  const { db, actor, meta } = opts;
  requireRole(actor, ["ADMIN"]);
  const { decision, reason } = parseInput(ZDecision, { decision: opts.decision, reason: opts.reason });
  const at = opts.now ?? new Date();
  return db.$transaction(async (tx) => {
    const v = await tx.identityVerification.findUnique({ where: { id: opts.verificationId } });
    if (!v) throw notFound("Verification");
    const done = await tx.identityVerification.updateMany({
      where: { id: v.id, status: "review" },
      data: { status: decision === "approve" ? "verified" : "rejected", reviewedById: actor.userId, reviewedAt: at, reviewReason: reason },
    });
    if (done.count === 0)
      throw new AppError("CONFLICT", "This verification is not waiting for review (another admin may have decided it).");
    await appendAuditEvent(tx, {
      actor,
      meta,
      at,
      action: decision === "approve" ? "identity.review_approved" : "identity.review_rejected",
      subjectType: "IdentityVerification",
      subjectId: v.id,
      payload: { profileId: v.profileId, reason },
    });
    if (decision === "approve") await linkConsentVideo(tx, { profileId: v.profileId, verificationId: v.id, at, actor, meta });
    return { id: v.id, status: decision === "approve" ? ("verified" as const) : ("rejected" as const) };
  });
}

/** The consent video of a verification, decrypted for an admin reviewing it (never cached by the route). */
export async function readConsentVideoForReview(opts: {
  db: Db;
  actor: Actor;
  verificationId: string;
}): Promise<{ mimeType: string; bytes: Buffer }> {
  requireRole(opts.actor, ["ADMIN"]);
  const v = await opts.db.identityVerification.findUnique({
    where: { id: opts.verificationId },
    include: { profile: { select: { wrappedDataKey: true } } },
  });
  if (!v?.videoBlobKey || !v.videoMimeType || !v.profile.wrappedDataKey) throw notFound("Video");
  const bytes = await getSealedBlob(v.videoBlobKey, unwrapKey(masterKey(), Buffer.from(v.profile.wrappedDataKey)));
  return { mimeType: v.videoMimeType, bytes };
}
