import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Tx } from "@/lib/db/client";
import { cancelOrdersOfRequestsInTx } from "@/lib/orders/cancel-orders";
import { OPEN_STATUSES, transition, type RequestStatus } from "./state-machine";

/**
 * Revocation runs the path backwards: every open request under the revoked
 * consent or offer becomes "revoked" with the reason, inside the caller's
 * transaction; their orders not yet delivered are cancelled with them (running
 * renders stop, payments are refunded). Returns the request ids it closed.
 */
export async function revokeOpenRequests(
  tx: Tx,
  opts: { actor: Actor | null; meta?: RequestMeta; where: { profileId: string } | { offerId: string }; reason: string; at: Date },
): Promise<string[]> {
  const open = await tx.swapRequest.findMany({
    where: { ...opts.where, status: { in: [...OPEN_STATUSES] } },
    select: { id: true, status: true },
  });
  const closed: string[] = [];
  for (const r of open) {
    const to = transition(r.status as RequestStatus, "revoke");
    const updated = await tx.swapRequest.updateMany({
      where: { id: r.id, status: r.status },
      data: { status: to, closedReason: opts.reason },
    });
    if (updated.count === 0) continue; // changed concurrently; its own transition is audited there
    await appendAuditEvent(tx, {
      actor: opts.actor,
      meta: opts.meta,
      at: opts.at,
      action: "request.revoked",
      subjectType: "SwapRequest",
      subjectId: r.id,
      payload: { from: r.status, to, reason: opts.reason },
    });
    closed.push(r.id);
  }
  await cancelOrdersOfRequestsInTx(tx, { requestIds: closed, actor: opts.actor, meta: opts.meta, reason: opts.reason, at: opts.at });
  return closed;
}
