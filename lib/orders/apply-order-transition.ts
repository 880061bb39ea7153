import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { AuditAction } from "@/lib/audit/types";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { orderTransition, type OrderEvent, type OrderStatus } from "./state-machine";

/**
 * Moves an order along its state machine: refuses illegal transitions, updates
 * only if the status is still the one read, and writes `order.<new status>` to
 * the audit chain in the same transaction.
 */
export async function applyOrderTransition(
  tx: Tx,
  opts: {
    orderId: string;
    from: OrderStatus;
    event: OrderEvent;
    actor: Actor | null;
    meta?: RequestMeta;
    at: Date;
    data?: Prisma.OrderUpdateManyMutationInput;
    payload?: Record<string, unknown>;
  },
): Promise<OrderStatus> {
  const to = orderTransition(opts.from, opts.event);
  const updated = await tx.order.updateMany({ where: { id: opts.orderId, status: opts.from }, data: { ...opts.data, status: to } });
  if (updated.count === 0) throw new AppError("CONFLICT", "This order changed while you were looking at it; reload and try again.");
  await appendAuditEvent(tx, {
    actor: opts.actor,
    meta: opts.meta,
    at: opts.at,
    action: `order.${to}` as AuditAction,
    subjectType: "Order",
    subjectId: opts.orderId,
    payload: { from: opts.from, to, event: opts.event, ...opts.payload },
  });
  return to;
}
