import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { applyOrderTransition } from "@/lib/orders/apply-order-transition";
import { applyPaymentEvent } from "@/lib/orders/apply-payment-event";
import { bookDeliverySplitInTx } from "@/lib/orders/book-delivery-split";
import { payOutOrder } from "@/lib/orders/pay-out-order";
import { startCheckout } from "@/lib/orders/start-checkout";
import {
  caught,
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { createLocalProvider, localCheckoutEvent, signLocalEvent } from "./local-provider";
import { payoutAccountOf, refreshPayoutAccount, startPayoutOnboarding } from "./payout-accounts";
import type { PaymentProviderApi } from "./types";

// Payout accounts on a real PostgreSQL with the local provider: one account per
// user however often onboarding is started, each change audited with it, and
// nobody but the owner (and no studio) reads or changes it.

const SECRET = "local-payment-test-secret-0123456789";
const BASE = "http://localhost:3000";
const provider = createLocalProvider({ secret: SECRET, baseUrl: BASE });
const urls = { returnUrl: `${BASE}/earnings`, refreshUrl: `${BASE}/earnings` };

let t: TestDatabase;
let storage: TestStorage;

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

const start = (actor: Actor, p: PaymentProviderApi = provider) =>
  startPayoutOnboarding({ db: t.db, actor, meta: TEST_META, provider: p, ...urls });

async function auditActions(userId: string): Promise<string[]> {
  const events = await t.db.auditEvent.findMany({ where: { subjectType: "PayoutAccount", subjectId: userId }, orderBy: { seq: "asc" } });
  return events.map((e) => e.action);
}

/** A paid order on a new profile of the talent, delivered (as a render without review delivers it): its shares are booked. */
async function deliveredOrder(talent: Actor) {
  const studio = await createStudio(t.db);
  const { profile } = await createProfileWithConsent(t.db, talent);
  const offer = await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO" });
  const { request } = await submitTestRequest(t.db, studio, offer.id);
  const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
  const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
  const paid = signLocalEvent(
    SECRET,
    localCheckoutEvent(SECRET, {
      outcome: "paid",
      sessionId: order.checkoutSessionId!,
      orderId,
      amountMinor: order.amountMinor,
      currency: order.currency,
    }),
  );
  await applyPaymentEvent({ db: t.db, provider: "local", event: provider.parseWebhook(paid.body, paid.signature) });
  const now = new Date();
  await t.db.$transaction(async (tx) => {
    await applyOrderTransition(tx, { orderId, from: "rendering", event: "deliver", actor: null, at: now, data: { deliveredAt: now } });
    await bookDeliverySplitInTx(tx, { orderId, now });
  });
  return orderId;
}

async function payoutJobs(orderId: string): Promise<number> {
  const rows = await t.db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM pgboss.job WHERE name = 'payout' AND data->>'orderId' = ${orderId}`;
  return Number(rows[0]!.n);
}

describe("payout accounts", () => {
  it("creates one account per user with its audit event and returns the onboarding link; starting again reuses it", async () => {
    const talent = await createUser(t.db, "TALENT");
    expect(await payoutAccountOf({ db: t.db, actor: talent })).toBeNull();

    const first = await start(talent);
    expect(first.created).toBe(true);
    expect(first.accountId).toMatch(/^lacct_/);
    expect(first.url).toBe(`${BASE}/settings/payouts/test-onboarding?account=${first.accountId}`);

    const second = await start(talent);
    expect(second).toEqual({ ...first, created: false });

    expect(await t.db.payoutAccount.count({ where: { userId: talent.userId } })).toBe(1);
    expect(await payoutAccountOf({ db: t.db, actor: talent })).toMatchObject({
      provider: "local",
      accountId: first.accountId,
      payoutsEnabled: false,
    });
    expect(await auditActions(talent.userId)).toEqual(["payout_account.created"]);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { subjectType: "PayoutAccount", subjectId: talent.userId } });
    expect(event).toMatchObject({ actorUserId: talent.userId, actorIp: TEST_META.ip });
    expect(event.payload).toEqual({ provider: "local", accountId: first.accountId });
  });

  it("stores one account and one audit event when onboarding is started twice at once (double click)", async () => {
    const agent = await createUser(t.db, "AGENT");
    const results = await Promise.all([start(agent), start(agent), start(agent)]);
    expect(new Set(results.map((r) => r.accountId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await t.db.payoutAccount.count({ where: { userId: agent.userId } })).toBe(1);
    expect(await auditActions(agent.userId)).toEqual(["payout_account.created"]);
  });

  it("stores the provider's payouts status after onboarding, auditing only a change", async () => {
    const estate = await createUser(t.db, "ESTATE");
    const { accountId } = await start(estate);
    const first = await refreshPayoutAccount({ db: t.db, actor: estate, meta: TEST_META, provider, accountId });
    expect(first).toMatchObject({ accountId, payoutsEnabled: true, changed: true });
    const again = await refreshPayoutAccount({ db: t.db, actor: estate, meta: TEST_META, provider });
    expect(again).toMatchObject({ payoutsEnabled: true, changed: false });
    expect((await payoutAccountOf({ db: t.db, actor: estate }))?.payoutsEnabled).toBe(true);
    expect(await auditActions(estate.userId)).toEqual(["payout_account.created", "payout_account.updated"]);
    const updated = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: estate.userId, action: "payout_account.updated" } });
    expect(updated.payload).toEqual({ provider: "local", accountId, payoutsEnabled: true });
  });

  it("records the provider turning payouts off again", async () => {
    const talent = await createUser(t.db, "TALENT");
    await start(talent);
    await refreshPayoutAccount({ db: t.db, actor: talent, provider });
    const disabled: PaymentProviderApi = { ...provider, payoutAccountStatus: async () => ({ payoutsEnabled: false }) };
    expect(await refreshPayoutAccount({ db: t.db, actor: talent, provider: disabled })).toMatchObject({
      payoutsEnabled: false,
      changed: true,
    });
    expect(await auditActions(talent.userId)).toEqual(["payout_account.created", "payout_account.updated", "payout_account.updated"]);
  });

  it("refuses studios (403) and writes nothing", async () => {
    const studio = await createStudio(t.db);
    expect((await caught(() => start(studio))).httpStatus).toBe(403);
    expect((await caught(() => payoutAccountOf({ db: t.db, actor: studio }))).httpStatus).toBe(403);
    expect((await caught(() => refreshPayoutAccount({ db: t.db, actor: studio, provider }))).httpStatus).toBe(403);
    expect(await t.db.payoutAccount.count({ where: { userId: studio.userId } })).toBe(0);
    expect(await auditActions(studio.userId)).toEqual([]);
  });

  it("never shows or refreshes one user's account for another (404 naming the account)", async () => {
    const owner = await createUser(t.db, "TALENT");
    const other = await createUser(t.db, "TALENT");
    const { accountId } = await start(owner);
    expect(await payoutAccountOf({ db: t.db, actor: other })).toBeNull();
    const refused = await caught(() => refreshPayoutAccount({ db: t.db, actor: other, provider, accountId }));
    expect(refused).toMatchObject({ httpStatus: 404, message: "Payout account was not found" });
    await start(other);
    // Even with an account of their own, naming someone else's is refused.
    expect((await caught(() => refreshPayoutAccount({ db: t.db, actor: other, provider, accountId }))).httpStatus).toBe(404);
    expect((await payoutAccountOf({ db: t.db, actor: owner }))?.payoutsEnabled).toBe(false);
    expect(await auditActions(owner.userId)).toEqual(["payout_account.created"]);
  });

  it("replaces an account made with another provider by one at the current provider, audited", async () => {
    const talent = await createUser(t.db, "TALENT");
    const stripeLike: PaymentProviderApi = {
      ...provider,
      name: "stripe",
      createPayoutAccount: async () => ({ accountId: `acct_test_${talent.userId}` }),
      onboardingLink: async ({ accountId }) => ({ url: `https://connect.example.test/setup/${accountId}` }),
    };
    const stripeAccount = await start(talent, stripeLike);
    const local = await start(talent);
    expect(local.accountId).toMatch(/^lacct_/);
    expect(local.accountId).not.toBe(stripeAccount.accountId);
    expect(await payoutAccountOf({ db: t.db, actor: talent })).toMatchObject({
      provider: "local",
      accountId: local.accountId,
      payoutsEnabled: false,
    });
    expect(await auditActions(talent.userId)).toEqual(["payout_account.created", "payout_account.updated"]);
  });

  it("queues the payout of shares held before onboarding when payouts become possible, once", async () => {
    const talent = await createUser(t.db, "TALENT");
    const orderId = await deliveredOrder(talent);
    expect(await payoutJobs(orderId)).toBe(1);
    // The delivery's payout job ran while the talent had no account: the share is held.
    expect(await payOutOrder({ db: t.db, orderId, provider })).toEqual({ transferred: [], held: [talent.userId] });

    await start(talent);
    const enabled = await refreshPayoutAccount({ db: t.db, actor: talent, meta: TEST_META, provider });
    expect(enabled).toMatchObject({ payoutsEnabled: true, changed: true, payoutsQueued: 1 });
    expect(await payoutJobs(orderId)).toBe(2);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: talent.userId, action: "payout_account.updated" } });
    expect(event.payload).toMatchObject({ payoutsEnabled: true, payoutsQueued: [orderId] });
    expect(await payOutOrder({ db: t.db, orderId, provider })).toEqual({ transferred: [talent.userId], held: [] });

    // Paid shares are not queued again when payouts are switched off and on.
    const disabled: PaymentProviderApi = { ...provider, payoutAccountStatus: async () => ({ payoutsEnabled: false }) };
    await refreshPayoutAccount({ db: t.db, actor: talent, provider: disabled });
    expect(await refreshPayoutAccount({ db: t.db, actor: talent, provider })).toMatchObject({ changed: true, payoutsQueued: 0 });
    expect(await payoutJobs(orderId)).toBe(2);
  });
});
