import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import type { PayoutAccount } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors";
import { enqueueInTx, QUEUES } from "@/lib/jobs/job-queue";
import { paymentProvider } from "./select-provider";
import type { PaymentProviderApi } from "./types";

// Payout accounts of the people who earn from orders: talent, estates and
// agents (Stripe Connect Express accounts, or the local stand-in's). One per
// user; its owner is the only one who sees or changes it. The row says whether
// the provider lets it receive transfers; until it does, pay-out-order holds
// the user's shares.

const EARNER_ROLES = ["TALENT", "ESTATE", "AGENT"] as const;

export type PayoutAccountView = Pick<PayoutAccount, "provider" | "accountId" | "payoutsEnabled" | "createdAt" | "updatedAt">;

const VIEW = { provider: true, accountId: true, payoutsEnabled: true, createdAt: true, updatedAt: true } as const;

/** The actor's own payout account, or null when they have not started onboarding. */
export async function payoutAccountOf(opts: { db: Db; actor: Actor }): Promise<PayoutAccountView | null> {
  requireRole(opts.actor, EARNER_ROLES);
  return opts.db.payoutAccount.findUnique({ where: { userId: opts.actor.userId }, select: VIEW });
}

/**
 * Creates the actor's payout account at the provider (once per user) and
 * returns the provider's onboarding link. The row and its audit event are
 * written in one transaction with INSERT ... ON CONFLICT DO NOTHING, so two
 * clicks at once store one account and one "payout_account.created" event
 * (both providers hand out the same account for the same user on a retry).
 * An account made with the other provider (a local test account after Stripe
 * was configured, or the reverse) cannot be onboarded there, so it is replaced
 * by a new one at the current provider, audited as an update.
 */
export async function startPayoutOnboarding(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  provider?: PaymentProviderApi;
  returnUrl: string;
  refreshUrl: string;
  now?: Date;
}): Promise<{ url: string; accountId: string; created: boolean }> {
  const { db, actor, meta } = opts;
  requireRole(actor, EARNER_ROLES);
  const provider = opts.provider ?? paymentProvider();
  const now = opts.now ?? new Date();

  let account = await db.payoutAccount.findUnique({ where: { userId: actor.userId } });
  let created = false;
  if (!account) {
    const { accountId } = await provider.createPayoutAccount({ userId: actor.userId, email: actor.email });
    created = await db.$transaction(async (tx) => {
      const inserted = await tx.payoutAccount.createMany({
        data: [{ userId: actor.userId, provider: provider.name, accountId, payoutsEnabled: false, createdAt: now, updatedAt: now }],
        skipDuplicates: true,
      });
      if (inserted.count === 0) return false;
      await appendAuditEvent(tx, {
        actor,
        meta,
        at: now,
        action: "payout_account.created",
        subjectType: "PayoutAccount",
        subjectId: actor.userId,
        payload: { provider: provider.name, accountId },
      });
      return true;
    });
    account = await db.payoutAccount.findUniqueOrThrow({ where: { userId: actor.userId } });
  } else if (account.provider !== provider.name) {
    const previous = account;
    const { accountId } = await provider.createPayoutAccount({ userId: actor.userId, email: actor.email });
    await db.$transaction(async (tx) => {
      // Conditional on the old account, so a concurrent replacement happens once.
      const replaced = await tx.payoutAccount.updateMany({
        where: { userId: actor.userId, accountId: previous.accountId },
        data: { provider: provider.name, accountId, payoutsEnabled: false, updatedAt: now },
      });
      if (replaced.count === 0) return;
      await appendAuditEvent(tx, {
        actor,
        meta,
        at: now,
        action: "payout_account.updated",
        subjectType: "PayoutAccount",
        subjectId: actor.userId,
        payload: {
          provider: provider.name,
          accountId,
          payoutsEnabled: false,
          replaced: { provider: previous.provider, accountId: previous.accountId },
        },
      });
    });
    account = await db.payoutAccount.findUniqueOrThrow({ where: { userId: actor.userId } });
  }

  const { url } = await provider.onboardingLink({ accountId: account.accountId, refreshUrl: opts.refreshUrl, returnUrl: opts.returnUrl });
  return { url, accountId: account.accountId, created };
}

/**
 * Queues the payout job of every delivered order that holds a share of the
 * user's (talent or estate share, agent commission) not yet transferred: the
 * job of each order ran at delivery and held the share while the user had no
 * enabled account, so nothing else pays it. The job skips parties already paid
 * (idempotent per order and party). Call in the transaction that enables the
 * account. Returns the order ids queued.
 */
export async function queueHeldPayoutsInTx(tx: Tx, userId: string): Promise<string[]> {
  const shares = await tx.ledgerEntry.findMany({
    where: {
      userId,
      kind: { in: ["talent_share", "agent_commission"] },
      amountMinor: { gt: 0 },
      order: { status: "delivered", paymentStatus: "paid" },
    },
    select: { orderId: true },
    distinct: ["orderId"],
  });
  if (shares.length === 0) return [];
  const transferred = await tx.auditEvent.findMany({
    where: {
      action: "payment.transferred",
      subjectType: "Order",
      subjectId: { in: shares.map((s) => s.orderId) },
      payload: { path: ["userId"], equals: userId },
    },
    select: { subjectId: true },
  });
  const paid = new Set(transferred.map((e) => e.subjectId));
  const held = shares.map((s) => s.orderId).filter((id) => !paid.has(id));
  for (const orderId of held) await enqueueInTx(tx, QUEUES.payout, { orderId });
  return held;
}

/**
 * Asks the provider whether the actor's account can receive payouts now and
 * stores the answer; a change is audited in the same transaction, and when
 * payouts become possible the shares held so far are queued for payout in it
 * (queueHeldPayoutsInTx). With `accountId`, the account must be the actor's
 * own (404 otherwise), for pages that name the account in their URL.
 */
export async function refreshPayoutAccount(opts: {
  db: Db;
  actor: Actor;
  meta?: RequestMeta;
  provider?: PaymentProviderApi;
  accountId?: string;
  now?: Date;
}): Promise<PayoutAccountView & { changed: boolean; payoutsQueued: number }> {
  const { db, actor } = opts;
  requireRole(actor, EARNER_ROLES);
  const provider = opts.provider ?? paymentProvider();
  const now = opts.now ?? new Date();
  const account = await db.payoutAccount.findUnique({ where: { userId: actor.userId } });
  if (!account || (opts.accountId !== undefined && opts.accountId !== account.accountId)) throw notFound("Payout account");

  const { payoutsEnabled } = await provider.payoutAccountStatus(account.accountId);
  const { changed, payoutsQueued } = await db.$transaction(async (tx) => {
    // Conditional on the stored value, so concurrent refreshes record one change.
    const updated = await tx.payoutAccount.updateMany({
      where: { userId: actor.userId, accountId: account.accountId, payoutsEnabled: !payoutsEnabled },
      data: { payoutsEnabled, updatedAt: now },
    });
    if (updated.count === 0) return { changed: false, payoutsQueued: 0 };
    const queued = payoutsEnabled ? await queueHeldPayoutsInTx(tx, actor.userId) : [];
    await appendAuditEvent(tx, {
      actor,
      meta: opts.meta,
      at: now,
      action: "payout_account.updated",
      subjectType: "PayoutAccount",
      subjectId: actor.userId,
      payload: {
        provider: account.provider,
        accountId: account.accountId,
        payoutsEnabled,
        ...(queued.length ? { payoutsQueued: queued } : {}),
      },
    });
    return { changed: true, payoutsQueued: queued.length };
  });
  const view = await db.payoutAccount.findUniqueOrThrow({ where: { userId: actor.userId }, select: VIEW });
  return { ...view, changed, payoutsQueued };
}
