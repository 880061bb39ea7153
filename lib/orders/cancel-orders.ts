import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Tx } from "@/lib/db/client";
import { applyOrderTransition } from "./apply-order-transition";
import { queueRefundInTx } from "./queue-refund";
import { OPEN_ORDER_STATUSES, type OrderStatus } from "./state-machine";

/**
 * Cancels one order that is not delivered yet, inside the caller's transaction:
 * its queued or running render is marked cancelled (a running worker sees it
 * within seconds and stops), and a paid order gets its refund queued. Returns
 * false when the order was already closed.
 */
export async function cancelOrderInTx(
  tx: Tx,
  opts: { orderId: string; actor: Actor | null; meta?: RequestMeta; reason: string; at: Date; refund?: boolean },
): Promise<boolean> {
  const order = await tx.order.findUnique({ where: { id: opts.orderId } });
  if (!order || !OPEN_ORDER_STATUSES.includes(order.status as OrderStatus)) return false;
  await applyOrderTransition(tx, {
    orderId: order.id,
    from: order.status as OrderStatus,
    event: "cancel",
    actor: opts.actor,
    meta: opts.meta,
    at: opts.at,
    data: { closedAt: opts.at, closedReason: opts.reason },
    payload: { reason: opts.reason },
  });
  const live = await tx.renderJob.findMany({
    where: { orderId: order.id, status: { in: ["queued", "running"] } },
    select: { id: true, status: true },
  });
  for (const job of live) {
    const updated = await tx.renderJob.updateMany({
      where: { id: job.id, status: job.status },
      data: { status: "cancelled", cancelReason: opts.reason, finishedAt: opts.at },
    });
    if (updated.count === 0) continue;
    await appendAuditEvent(tx, {
      actor: opts.actor,
      meta: opts.meta,
      at: opts.at,
      action: "render.cancelled",
      subjectType: "RenderJob",
      subjectId: job.id,
      payload: { orderId: order.id, from: job.status, reason: opts.reason },
    });
  }
  if (opts.refund !== false && order.paymentStatus === "paid") await queueRefundInTx(tx, { orderId: order.id, reason: opts.reason });
  return true;
}

/** Cancels the open orders of requests being closed (withdrawn or revoked); returns the order ids it cancelled. */
export async function cancelOrdersOfRequestsInTx(
  tx: Tx,
  opts: { requestIds: string[]; actor: Actor | null; meta?: RequestMeta; reason: string; at: Date },
): Promise<string[]> {
  if (opts.requestIds.length === 0) return [];
  const orders = await tx.order.findMany({
    where: { requestId: { in: opts.requestIds }, status: { in: [...OPEN_ORDER_STATUSES] } },
    select: { id: true },
  });
  const cancelled: string[] = [];
  for (const o of orders) {
    if (await cancelOrderInTx(tx, { ...opts, orderId: o.id })) cancelled.push(o.id);
  }
  return cancelled;
}
