import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";

/** Either side may end an active representation; the agent loses access at once. */
export async function endRepresentation(opts: { db: Db; actor: Actor; meta: RequestMeta; representationId: string }) {
  const { db, actor, meta } = opts;
  requireRole(actor, ["TALENT", "ESTATE", "AGENT"]);
  return db.$transaction(async (tx) => {
    const rep = await tx.representation.findUnique({ where: { id: opts.representationId } });
    if (!rep || (rep.principalUserId !== actor.userId && rep.agentUserId !== actor.userId)) throw notFound("Representation");
    const updated = await tx.representation.updateMany({
      where: { id: rep.id, status: { in: ["ACTIVE", "PENDING"] } },
      data: { status: "ENDED", endedAt: new Date() },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "This representation has already ended.");
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "representation.ended",
      subjectType: "Representation",
      subjectId: rep.id,
      payload: {},
    });
  });
}
