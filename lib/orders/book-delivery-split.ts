import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { paymentConfig } from "@/lib/config";
import type { Tx } from "@/lib/db/client";
import { enqueueInTx, QUEUES } from "@/lib/jobs/job-queue";
import { splitOrderAmount } from "@/lib/payments/split";

/**
 * On delivery the order's money is earned: the ledger gets the platform fee
 * (LIKENESS_PLATFORM_FEE_PERCENT), the commission of the agent who represents
 * the talent at that moment, and the talent's (or estate's) share, which add up
 * to the charge exactly; the payouts are queued. Inside the delivery transaction.
 */
export async function bookDeliverySplitInTx(tx: Tx, opts: { orderId: string; now: Date }): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: opts.orderId },
    include: { profile: { select: { principalUserId: true } } },
  });
  if (order.paymentStatus !== "paid") return;
  const principalUserId = order.profile.principalUserId;
  const representation = await tx.representation.findFirst({
    where: { principalUserId, status: "ACTIVE" },
    orderBy: { respondedAt: "desc" },
    select: { agentUserId: true, commissionPercent: true },
  });
  const platformFeePercent = paymentConfig().platformFeePercent;
  const agentCommissionPercent = representation ? Number(representation.commissionPercent) : null;
  const split = splitOrderAmount({ amountMinor: order.amountMinor, platformFeePercent, agentCommissionPercent });
  const base = { orderId: order.id, currency: order.currency, provider: order.provider, createdAt: opts.now };
  await tx.ledgerEntry.create({ data: { ...base, kind: "platform_fee", amountMinor: split.platformFeeMinor } });
  if (representation && split.agentCommissionMinor > 0) {
    await tx.ledgerEntry.create({
      data: { ...base, kind: "agent_commission", userId: representation.agentUserId, amountMinor: split.agentCommissionMinor },
    });
  }
  await tx.ledgerEntry.create({ data: { ...base, kind: "talent_share", userId: principalUserId, amountMinor: split.talentShareMinor } });
  await appendAuditEvent(tx, {
    actor: null,
    at: opts.now,
    action: "payment.split",
    subjectType: "Order",
    subjectId: order.id,
    payload: { ...split, platformFeePercent, agentCommissionPercent, agentUserId: representation?.agentUserId ?? null, principalUserId },
  });
  if (split.agentCommissionMinor + split.talentShareMinor > 0) await enqueueInTx(tx, QUEUES.payout, { orderId: order.id });
}
