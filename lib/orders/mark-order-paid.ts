import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import type { PaymentProvider } from "@/lib/db/generated/enums";
import { queueRenderInTx } from "@/lib/render/queue-render";
import { applyOrderTransition } from "./apply-order-transition";
import { queueRefundInTx } from "./queue-refund";

export type MarkPaidInput = {
  orderId: string;
  provider: PaymentProvider;
  paymentRef: string;
  amountMinor: number;
  currency: string;
  actor: Actor | null;
  meta?: RequestMeta;
  now: Date;
};

export type MarkPaidOutcome = "paid_and_queued" | "paid_and_refunding" | "already_paid" | "amount_mismatch";

/**
 * The provider says the order is paid. In one transaction: the payment and its
 * ledger entry are booked and the render is queued, so a paid order always has
 * its render and a render always has its payment. A payment that arrives for an
 * order cancelled meanwhile (the license was revoked while the studio was on
 * the checkout page) is booked and refunded at once.
 */
export async function markOrderPaidInTx(tx: Tx, input: MarkPaidInput): Promise<MarkPaidOutcome> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: input.orderId } });
  if (order.paymentStatus !== "unpaid") return "already_paid";
  if (order.amountMinor !== input.amountMinor || order.currency.toLowerCase() !== input.currency.toLowerCase()) {
    // Never start work for a payment that does not match the quote; the event stays stored for a person to look at.
    await appendAuditEvent(tx, {
      actor: input.actor,
      meta: input.meta,
      at: input.now,
      action: "payment.succeeded",
      subjectType: "Order",
      subjectId: order.id,
      payload: {
        paymentRef: input.paymentRef,
        amountMinor: input.amountMinor,
        currency: input.currency,
        mismatch: true,
        expectedMinor: order.amountMinor,
      },
    });
    return "amount_mismatch";
  }
  const paid = await tx.order.updateMany({
    where: { id: order.id, paymentStatus: "unpaid" },
    data: { paymentStatus: "paid", paymentRef: input.paymentRef, paidAt: input.now },
  });
  if (paid.count === 0) return "already_paid";
  await tx.ledgerEntry.create({
    data: {
      orderId: order.id,
      kind: "charge",
      amountMinor: order.amountMinor,
      currency: order.currency,
      provider: input.provider,
      providerRef: input.paymentRef,
      createdAt: input.now,
    },
  });
  await appendAuditEvent(tx, {
    actor: input.actor,
    meta: input.meta,
    at: input.now,
    action: "payment.succeeded",
    subjectType: "Order",
    subjectId: order.id,
    payload: { provider: input.provider, paymentRef: input.paymentRef, amountMinor: order.amountMinor, currency: order.currency },
  });
  const request = await tx.swapRequest.findUniqueOrThrow({ where: { id: order.requestId }, select: { status: true } });
  if (order.status !== "awaiting_payment" || request.status !== "approved") {
    await queueRefundInTx(tx, { orderId: order.id, reason: "The order was cancelled before the payment arrived." });
    return "paid_and_refunding";
  }
  await applyOrderTransition(tx, {
    orderId: order.id,
    from: "awaiting_payment",
    event: "pay",
    actor: input.actor,
    meta: input.meta,
    at: input.now,
  });
  await queueRenderInTx(tx, { orderId: order.id, actor: input.actor, meta: input.meta, now: input.now });
  return "paid_and_queued";
}

export async function markOrderPaid(opts: MarkPaidInput & { db: Db }): Promise<MarkPaidOutcome> {
  const { db, ...input } = opts;
  return db.$transaction((tx) => markOrderPaidInTx(tx, input));
}
