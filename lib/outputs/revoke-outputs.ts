import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Tx } from "@/lib/db/client";

/**
 * Marks every delivered output under a revoked offer or consent as revoked in
 * the registry, inside the caller's transaction, with one audit event each.
 * Public verification then shows those files as REVOKED. Returns the ids.
 */
export async function revokeOutputs(
  tx: Tx,
  opts: {
    actor: Actor | null;
    meta?: RequestMeta;
    where: { offerId: string } | { profileId: string } | { outputId: string };
    reason: string;
    at: Date;
  },
): Promise<string[]> {
  const where = "outputId" in opts.where ? { id: opts.where.outputId } : opts.where;
  const live = await tx.renderOutput.findMany({ where: { ...where, revokedAt: null }, select: { id: true, requestId: true } });
  const revoked: string[] = [];
  for (const o of live) {
    const updated = await tx.renderOutput.updateMany({
      where: { id: o.id, revokedAt: null },
      data: { revokedAt: opts.at, revokedReason: opts.reason },
    });
    if (updated.count === 0) continue; // revoked concurrently, and audited there
    await appendAuditEvent(tx, {
      actor: opts.actor,
      meta: opts.meta,
      at: opts.at,
      action: "output.revoked",
      subjectType: "RenderOutput",
      subjectId: o.id,
      payload: { requestId: o.requestId, reason: opts.reason },
    });
    revoked.push(o.id);
  }
  return revoked;
}
