import { z } from "zod";
import { text } from "@/lib/validation/text";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole, requireStudio } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, forbidden, notFound, parseInput } from "@/lib/errors";
import { consumeRateLimit, rateLimitKeys, STUDIO_INVITATION_RATE } from "@/lib/rate-limit";

// A studio's owner invites people by email; the invitee accepts. The owner's
// answer is the same for every email (an account or not, a studio role or
// not, in a studio already or not) and the invitation is recorded without
// looking the email up, so inviting cannot be used to learn who has an
// account. The invitee, signed in, sees the invitations to their own email.

export const ZInviteMember = z.object({ email: text({ max: 254 }).toLowerCase().email("Enter the email of the person to invite") });

async function requireOwner(db: Db, actor: Actor): Promise<string> {
  const studioId = requireStudio(actor);
  const me = await db.studioMember.findUnique({ where: { userId: actor.userId }, select: { role: true } });
  if (me?.role !== "OWNER") throw forbidden("Only the studio's owner can invite members.");
  return studioId;
}

/** Records (or renews) an invitation to `email`. Answers the same whoever the email belongs to. */
export async function inviteStudioMember(opts: { db: Db; actor: Actor; meta: RequestMeta; input: { email: string } }) {
  const { db, actor, meta } = opts;
  const studioId = await requireOwner(db, actor);
  const { email } = parseInput(ZInviteMember, opts.input);
  const rate = await consumeRateLimit(db, { key: rateLimitKeys.studioInvitation(studioId), ...STUDIO_INVITATION_RATE });
  if (!rate.ok)
    throw new AppError(
      "RATE_LIMITED",
      `Your studio has sent ${rate.limit} invitations this hour; try again in ${Math.ceil(rate.resetSeconds / 60)} minutes.`,
    );
  await db.$transaction(async (tx) => {
    const invitation = await tx.studioInvitation.upsert({
      where: { studioId_email: { studioId, email } },
      create: { studioId, email, invitedById: actor.userId },
      update: { invitedById: actor.userId, createdAt: new Date(), acceptedAt: null, revokedAt: null },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "studio.member_invited",
      subjectType: "StudioInvitation",
      subjectId: invitation.id,
      payload: { studioId },
    });
  });
  return { email };
}

/** The owner's list of invitations not yet accepted nor withdrawn. */
export async function listOpenStudioInvitations(opts: { db: Db; actor: Actor }) {
  const studioId = requireStudio(opts.actor);
  return opts.db.studioInvitation.findMany({
    where: { studioId, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, createdAt: true },
  });
}

/** The owner withdraws an open invitation. */
export async function revokeStudioInvitation(opts: { db: Db; actor: Actor; meta: RequestMeta; invitationId: string }) {
  const { db, actor, meta } = opts;
  const studioId = await requireOwner(db, actor);
  await db.$transaction(async (tx) => {
    const changed = await tx.studioInvitation.updateMany({
      where: { id: opts.invitationId, studioId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (changed.count === 0) throw notFound("Open invitation");
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "studio.invitation_revoked",
      subjectType: "StudioInvitation",
      subjectId: opts.invitationId,
      payload: { studioId },
    });
  });
}

/** Open invitations to the signed-in studio user's own email, with the inviting studio's name. */
export async function listMyStudioInvitations(opts: { db: Db; actor: Actor }) {
  requireRole(opts.actor, ["STUDIO"]);
  return opts.db.studioInvitation.findMany({
    where: { email: opts.actor.email.toLowerCase(), acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, studio: { select: { name: true } } },
  });
}

/** A studio-role user in no studio joins the studio that invited their email. */
export async function acceptStudioInvitation(opts: { db: Db; actor: Actor; meta: RequestMeta; invitationId: string }) {
  const { db, actor, meta } = opts;
  requireRole(actor, ["STUDIO"]);
  return db.$transaction(async (tx) => {
    const invitation = await tx.studioInvitation.findUnique({ where: { id: opts.invitationId } });
    // Someone else's invitation is as absent as one that does not exist.
    if (!invitation || invitation.email !== actor.email.toLowerCase() || invitation.revokedAt || invitation.acceptedAt)
      throw notFound("Invitation");
    if (await tx.studioMember.findUnique({ where: { userId: actor.userId } })) {
      throw new AppError("CONFLICT", "You already belong to a studio; a person can be in one studio at a time.");
    }
    const member = await tx.studioMember.create({ data: { studioId: invitation.studioId, userId: actor.userId, role: "MEMBER" } });
    await tx.studioInvitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "studio.member_added",
      subjectType: "StudioAccount",
      subjectId: invitation.studioId,
      payload: { userId: actor.userId, invitationId: invitation.id },
    });
    return member;
  });
}
