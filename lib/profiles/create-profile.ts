import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { managedPrincipalIds, requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent, lockAuditChain } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, invalid, notFound, parseInput } from "@/lib/errors";
import { newWrappedDataKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { ZCreateProfile, type TCreateProfile } from "./types";

/** Why a second profile is refused, and what to do instead. */
export function duplicateProfileMessage(existing: { biometricsDestroyedAt: Date | null }): string {
  return existing.biometricsDestroyedAt
    ? "This talent already has a likeness profile: its consent was revoked and its data destroyed. Sign new consent on that profile instead of creating another."
    : "This talent already has a likeness profile. Open it to sign consent, add photos and publish offers; a second profile cannot be created.";
}

/**
 * Creates the likeness profile of a principal: a talent for themselves, an
 * estate for the deceased talent it represents, or an agent for a principal they
 * actively represent (the principal still signs consent themselves). One profile
 * per principal, whatever became of it (a revoked or destroyed profile is
 * reopened by signing new consent on it); it gets its own data key for its encrypted files.
 */
export async function createProfile(opts: { db: Db; actor: Actor; meta: RequestMeta; input: TCreateProfile; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  requireRole(actor, ["TALENT", "ESTATE", "AGENT"]);
  const input = parseInput(ZCreateProfile, opts.input);
  return db.$transaction(async (tx) => {
    let principalUserId = actor.userId;
    if (actor.role === "AGENT") {
      if (!input.principalUserId) throw invalid("principalUserId", "Choose the talent this profile is for");
      if (!(await managedPrincipalIds(tx, actor)).includes(input.principalUserId)) throw notFound("Represented talent");
      principalUserId = input.principalUserId;
    }
    const principal = await tx.user.findUniqueOrThrow({ where: { id: principalUserId } });
    const deceased = principal.role === "ESTATE";
    if (deceased && !input.diedOn) throw invalid("diedOn", "Enter the date of death of the talent the estate represents");
    if (input.diedOn && input.diedOn > now) throw invalid("diedOn", "The date of death cannot be in the future");
    // One profile per principal, revoked or not: the principal's row is locked so two creations at once cannot both pass
    // (after the audit chain's lock, as every check-then-act takes it, so it cannot deadlock against an append).
    await lockAuditChain(tx);
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${principalUserId} FOR UPDATE`;
    const existing = await tx.likenessProfile.findFirst({
      where: { principalUserId },
      orderBy: { createdAt: "desc" },
      select: { biometricsDestroyedAt: true },
    });
    if (existing) throw new AppError("CONFLICT", duplicateProfileMessage(existing));
    const profile = await tx.likenessProfile.create({
      data: {
        displayName: input.displayName,
        bio: input.bio,
        principalUserId,
        createdByUserId: actor.userId,
        deceased,
        diedOn: deceased ? input.diedOn : null,
        wrappedDataKey: newWrappedDataKey(masterKey()),
      },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: "profile.created",
      subjectType: "LikenessProfile",
      subjectId: profile.id,
      payload: { principalUserId, deceased, displayName: profile.displayName },
    });
    const { wrappedDataKey: _key, ...safe } = profile; // the wrapped data key never leaves the server
    return safe;
  });
}
