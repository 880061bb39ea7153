import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";
import { ZInviteTalent, type TInviteTalent } from "./types";

/** An agent asks a talent (or an estate) to be represented; the principal accepts or declines. */
export async function inviteTalent(opts: { db: Db; actor: Actor; meta: RequestMeta; input: TInviteTalent }) {
  const { db, actor, meta } = opts;
  requireRole(actor, ["AGENT"]);
  const input = parseInput(ZInviteTalent, opts.input);
  return db.$transaction(async (tx) => {
    const principal = await tx.user.findUnique({ where: { email: input.email } });
    if (!principal || (principal.role !== "TALENT" && principal.role !== "ESTATE") || principal.disabledAt) {
      throw new AppError("VALIDATION", "No talent or estate account uses that email.", {
        email: "No talent or estate account uses that email",
      });
    }
    const existing = await tx.representation.findFirst({
      where: { agentUserId: actor.userId, principalUserId: principal.id, status: { in: ["PENDING", "ACTIVE"] } },
    });
    if (existing) {
      throw new AppError("CONFLICT", `You already ${existing.status === "ACTIVE" ? "represent" : "invited"} ${principal.name}.`, {
        email: "Already invited or represented",
      });
    }
    const rep = await tx.representation.create({
      data: { agentUserId: actor.userId, principalUserId: principal.id, commissionPercent: input.commissionPercent },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "representation.invited",
      subjectType: "Representation",
      subjectId: rep.id,
      payload: { principalUserId: principal.id, commissionPercent: input.commissionPercent },
    });
    return rep;
  });
}
