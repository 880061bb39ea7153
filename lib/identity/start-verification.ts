import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadProfileAsPrincipal, requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { CHALLENGE_MINUTES, newChallenge } from "./challenge";
import { referenceFaceOf } from "./reference-face";

/**
 * "Verify it's you" starts here: a new challenge (phrase and head turns) for
 * the talent whose face it is. Only the talent themself (not an agent, and
 * not an estate: a deceased talent's estate proves its authority instead),
 * and only once the likeness set has a usable photo to compare the video with.
 */
export async function startVerification(opts: { db: Db; actor: Actor; meta: RequestMeta; profileId: string; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  requireRole(actor, ["TALENT"]);
  const profile = await loadProfileAsPrincipal(db, actor, opts.profileId);
  if (profile.deceased) throw new AppError("CONFLICT", "A deceased talent's likeness is verified through the estate's proof of authority.");
  if (!profile.wrappedDataKey) throw new AppError("CONFLICT", "This likeness's data was destroyed; create new consent and photos first.");
  if (!(await referenceFaceOf(db, profile))) {
    throw new AppError("CONFLICT", "Add at least one usable photo of your face first: the video is compared with your likeness set.");
  }
  const challenge = newChallenge();
  return db.$transaction(async (tx) => {
    // One open challenge per profile: an earlier unanswered one is no longer valid.
    await tx.identityVerification.updateMany({ where: { profileId: profile.id, status: "awaiting_video" }, data: { status: "expired" } });
    const v = await tx.identityVerification.create({
      data: {
        profileId: profile.id,
        phrase: challenge.phrase,
        prompts: challenge.prompts,
        expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
        requestedById: actor.userId,
        createdAt: now,
      },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: "identity.challenge_issued",
      subjectType: "IdentityVerification",
      subjectId: v.id,
      payload: { profileId: profile.id },
    });
    return v;
  });
}
