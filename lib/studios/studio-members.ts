import { z } from "zod";
import { text } from "@/lib/validation/text";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, forbidden, parseInput } from "@/lib/errors";

export const ZAddMember = z.object({ email: text({ max: 254 }).toLowerCase().email("Enter the member's account email") });

export async function listStudioMembers(opts: { db: Db; actor: Actor }) {
  const studioId = requireStudio(opts.actor);
  return opts.db.studioMember.findMany({
    where: { studioId },
    orderBy: { addedAt: "asc" },
    include: { user: { select: { id: true, name: true, email: true } } },
  });
}

/** The studio's owner adds a studio-role user who belongs to no studio yet. */
export async function addStudioMember(opts: { db: Db; actor: Actor; meta: RequestMeta; input: { email: string } }) {
  const { db, actor, meta } = opts;
  const studioId = requireStudio(actor);
  const input = parseInput(ZAddMember, opts.input);
  return db.$transaction(async (tx) => {
    const me = await tx.studioMember.findUnique({ where: { userId: actor.userId } });
    if (me?.role !== "OWNER") throw forbidden("Only the studio's owner can add members.");
    const user = await tx.user.findUnique({ where: { email: input.email }, include: { studioMembership: true } });
    if (!user || user.role !== "STUDIO") {
      throw new AppError("VALIDATION", "No studio account uses that email; ask them to sign up as a studio first.", {
        email: "No studio account uses that email",
      });
    }
    if (user.studioMembership) {
      throw new AppError("CONFLICT", "That person already belongs to a studio.", { email: "Already in a studio" });
    }
    const member = await tx.studioMember.create({ data: { studioId, userId: user.id, role: "MEMBER" } });
    await appendAuditEvent(tx, { actor, meta, action: "studio.member_added", subjectType: "StudioAccount", subjectId: studioId, payload: { userId: user.id } });
    return member;
  });
}
