import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import type { PaymentProvider } from "@/lib/db/generated/enums";
import { queueHeldPayoutsInTx } from "@/lib/payments/payout-accounts";
import type { NormalizedPaymentEvent } from "@/lib/payments/types";
import { cancelOrderInTx } from "./cancel-orders";
import { markOrderPaidInTx } from "./mark-order-paid";
import { bookRefundInTx } from "./refund-order";

export type PaymentEventOutcome = { duplicate: boolean; orderId: string | null; effect: string };

/**
 * Applies one verified provider event (the webhook, or the local test-payment
 * page, after the provider boundary). The event is stored by its id in the
 * same transaction as its effect, so the same event delivered twice changes
 * nothing the second time.
 */
export async function applyPaymentEvent(opts: {
  db: Db;
  provider: PaymentProvider;
  event: NormalizedPaymentEvent;
  now?: Date;
}): Promise<PaymentEventOutcome> {
  const { db, provider, event } = opts;
  const now = opts.now ?? new Date();
  return db.$transaction(async (tx) => {
    const orderId = await orderOf(tx, event);
    const stored = await tx.paymentEvent.createMany({
      data: [{ id: `${provider}:${event.id}`, provider, type: event.type, orderId, receivedAt: now, payload: event as object }],
      skipDuplicates: true,
    });
    if (stored.count === 0) return { duplicate: true, orderId, effect: "none" };
    return { duplicate: false, orderId, effect: await apply(tx, provider, event, orderId, now) };
  });
}

async function orderOf(tx: Tx, event: NormalizedPaymentEvent): Promise<string | null> {
  switch (event.type) {
    case "checkout.paid":
    case "checkout.expired": {
      const bySession = await tx.order.findUnique({ where: { checkoutSessionId: event.sessionId }, select: { id: true } });
      if (bySession) return bySession.id;
      const byId = await tx.order.findUnique({ where: { id: event.orderId }, select: { id: true } });
      return byId?.id ?? null;
    }
    case "payment.refunded": {
      const byRef = await tx.order.findFirst({ where: { paymentRef: event.paymentRef }, select: { id: true } });
      return byRef?.id ?? null;
    }
    default:
      return null;
  }
}

async function apply(tx: Tx, provider: PaymentProvider, event: NormalizedPaymentEvent, orderId: string | null, now: Date): Promise<string> {
  switch (event.type) {
    case "checkout.paid":
      if (!orderId) return "unknown order";
      return markOrderPaidInTx(tx, {
        orderId,
        provider,
        paymentRef: event.paymentRef,
        amountMinor: event.amountMinor,
        currency: event.currency,
        actor: null,
        now,
      });
    case "checkout.expired": {
      if (!orderId) return "unknown order";
      const cleared = await tx.order.updateMany({
        where: { id: orderId, checkoutSessionId: event.sessionId, paymentStatus: "unpaid" },
        data: { checkoutSessionId: null, checkoutUrl: null, checkoutExpiresAt: null },
      });
      if (cleared.count === 0) return "stale session";
      await appendAuditEvent(tx, {
        actor: null,
        at: now,
        action: "payment.checkout_expired",
        subjectType: "Order",
        subjectId: orderId,
        payload: { sessionId: event.sessionId },
      });
      return "checkout expired";
    }
    case "payment.refunded": {
      if (!orderId) return "unknown order";
      // A refund made at the provider (e.g. from Stripe's dashboard): book it, and stop any work still open.
      const booked = await bookRefundInTx(tx, { orderId, refundRef: event.refundRef, reason: "Refunded at the payment provider", now });
      if (booked) await cancelOrderInTx(tx, { orderId, actor: null, reason: "The payment was refunded.", at: now, refund: false });
      return booked ? "refund booked" : "already refunded";
    }
    case "account.updated": {
      const account = await tx.payoutAccount.findUnique({ where: { accountId: event.accountId } });
      if (!account) return "unknown account";
      if (account.payoutsEnabled === event.payoutsEnabled) return "payout account unchanged";
      await tx.payoutAccount.update({ where: { userId: account.userId }, data: { payoutsEnabled: event.payoutsEnabled } });
      await appendAuditEvent(tx, {
        actor: null,
        at: now,
        action: "payout_account.updated",
        subjectType: "PayoutAccount",
        subjectId: account.userId,
        payload: { accountId: account.accountId, payoutsEnabled: event.payoutsEnabled, via: "provider event" },
      });
      // Shares held while the account could not receive money are paid now.
      if (event.payoutsEnabled) await queueHeldPayoutsInTx(tx, account.userId);
      return "payout account updated";
    }
    case "ignored":
      return `ignored ${event.providerType}`;
  }
}
