import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { ZRespondInvitation } from "./types";

export async function respondToInvitation(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  input: { representationId: string; accept: boolean };
}) {
  const { db, actor, meta } = opts;
  requireRole(actor, ["TALENT", "ESTATE"]);
  const input = parseInput(ZRespondInvitation, opts.input);
  return db.$transaction(async (tx) => {
    const rep = await tx.representation.findUnique({ where: { id: input.representationId } });
    if (!rep || rep.principalUserId !== actor.userId) throw notFound("Invitation");
    const status = input.accept ? "ACTIVE" : "ENDED";
    const updated = await tx.representation.updateMany({
      where: { id: rep.id, status: "PENDING" },
      data: { status, respondedAt: new Date(), ...(input.accept ? {} : { endedAt: new Date() }) },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "This invitation was already answered.");
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: input.accept ? "representation.accepted" : "representation.declined",
      subjectType: "Representation",
      subjectId: rep.id,
      payload: { agentUserId: rep.agentUserId },
    });
    return { ...rep, status };
  });
}
