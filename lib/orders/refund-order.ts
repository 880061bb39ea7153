import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { paymentProvider } from "@/lib/payments/select-provider";
import type { PaymentProviderApi } from "@/lib/payments/types";

/**
 * Books a refund: the order becomes refunded and the ledger gets one negative
 * entry. Conditional on the order still being paid, and the ledger allows one
 * refund entry per order, so a refund is never booked twice. Returns whether
 * this call booked it.
 */
export async function bookRefundInTx(tx: Tx, opts: { orderId: string; refundRef: string; reason: string; now: Date }): Promise<boolean> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: opts.orderId } });
  const updated = await tx.order.updateMany({
    where: { id: order.id, paymentStatus: "paid" },
    data: { paymentStatus: "refunded", refundRef: opts.refundRef, refundedAt: opts.now, refundReason: opts.reason },
  });
  if (updated.count === 0) return false;
  await tx.ledgerEntry.create({
    data: {
      orderId: order.id,
      kind: "refund",
      amountMinor: -order.amountMinor,
      currency: order.currency,
      provider: order.provider,
      providerRef: opts.refundRef,
      createdAt: opts.now,
    },
  });
  await appendAuditEvent(tx, {
    actor: null,
    at: opts.now,
    action: "payment.refunded",
    subjectType: "Order",
    subjectId: order.id,
    payload: { refundRef: opts.refundRef, amountMinor: order.amountMinor, currency: order.currency, reason: opts.reason },
  });
  return true;
}

/**
 * The refund job: refunds a paid order in full with its provider, then books
 * it. The provider call carries an idempotency key derived from the order, so
 * a job retried after a crash between the two steps gets the same refund back
 * instead of a second one. An order that is not (or no longer) paid is left alone.
 */
export async function refundOrder(opts: {
  db: Db;
  orderId: string;
  reason: string;
  provider?: PaymentProviderApi;
  now?: Date;
}): Promise<"refunded" | "not paid"> {
  const { db } = opts;
  const order = await db.order.findUnique({ where: { id: opts.orderId } });
  if (!order || order.paymentStatus !== "paid") return "not paid";
  let refundRef: string;
  if (order.amountMinor === 0) {
    refundRef = `free_refund_${order.id}`;
  } else {
    const provider = opts.provider ?? paymentProvider();
    if (provider.name !== order.provider)
      throw new AppError("CONFLICT", `Order ${order.id} was paid through ${order.provider}, which is not the configured provider.`);
    if (!order.paymentRef) throw new Error(`order ${order.id} is paid but has no payment reference`);
    ({ refundRef } = await provider.refund({
      paymentRef: order.paymentRef,
      amountMinor: order.amountMinor,
      reason: opts.reason,
      idempotencyKey: `refund:${order.id}`,
    }));
  }
  const booked = await db.$transaction((tx) =>
    bookRefundInTx(tx, { orderId: order.id, refundRef, reason: opts.reason, now: opts.now ?? new Date() }),
  );
  return booked ? "refunded" : "not paid";
}
