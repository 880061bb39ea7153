import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { readAuditPayload } from "@/lib/audit/payloads";
import type { Db } from "@/lib/db/client";
import { paymentProvider } from "@/lib/payments/select-provider";
import type { PaymentProviderApi } from "@/lib/payments/types";

export type PayoutResult = { transferred: string[]; held: string[] };

/**
 * The payout job of a delivered order: each party's ledger share (agent
 * commission, talent or estate share) is transferred to their payout account.
 * A share whose owner has no enabled payout account is held (the earnings page
 * says so) and paid by the next run after they onboard. Transfers carry an
 * idempotency key per order and party, and each one is recorded once in the
 * audit log, so a retried job never pays twice.
 */
export async function payOutOrder(opts: { db: Db; orderId: string; provider?: PaymentProviderApi; now?: Date }): Promise<PayoutResult> {
  const { db } = opts;
  const order = await db.order.findUnique({ where: { id: opts.orderId }, include: { ledger: true } });
  const result: PayoutResult = { transferred: [], held: [] };
  if (!order || order.status !== "delivered" || order.paymentStatus !== "paid") return result;
  const shares = order.ledger.filter((e) => (e.kind === "agent_commission" || e.kind === "talent_share") && e.userId && e.amountMinor > 0);
  const done = await transferredUserIds(db, order.id);
  for (const share of shares) {
    const userId = share.userId!;
    if (done.has(userId)) continue;
    const account = await db.payoutAccount.findUnique({ where: { userId } });
    if (!account || !account.payoutsEnabled) {
      result.held.push(userId);
      continue;
    }
    const provider = opts.provider ?? paymentProvider();
    if (provider.name !== account.provider) {
      result.held.push(userId);
      continue;
    }
    const { transferRef } = await provider.transfer({
      destinationAccountId: account.accountId,
      amountMinor: share.amountMinor,
      currency: share.currency,
      orderId: order.id,
      idempotencyKey: `transfer:${order.id}:${userId}`,
    });
    await db.$transaction(async (tx) => {
      await appendAuditEvent(tx, {
        actor: null,
        at: opts.now ?? new Date(),
        action: "payment.transferred",
        subjectType: "Order",
        subjectId: order.id,
        payload: {
          userId,
          kind: share.kind,
          amountMinor: share.amountMinor,
          currency: share.currency,
          transferRef,
          accountId: account.accountId,
        },
      });
    });
    result.transferred.push(userId);
  }
  return result;
}

/** Parties of an order already paid out, from the audit log (the one record of transfers). */
export async function transferredUserIds(db: Db, orderId: string): Promise<Set<string>> {
  const events = await db.auditEvent.findMany({
    where: { subjectType: "Order", subjectId: orderId, action: "payment.transferred" },
    select: { payload: true },
  });
  const ids = new Set<string>();
  for (const e of events) {
    const payload = readAuditPayload("payment.transferred", e.payload);
    if (payload) ids.add(payload.userId);
  }
  return ids;
}
