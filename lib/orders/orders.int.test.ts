import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { revokeOffer } from "@/lib/offers/revoke-offer";
import { localCheckoutEvent, signLocalEvent } from "@/lib/payments/local-provider";
import { withdrawRequest } from "@/lib/requests/withdraw-request";
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
import { localPayments, payOrder } from "@/lib/testing/order-fixtures";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { applyPaymentEvent } from "./apply-payment-event";
import { refundOrder } from "./refund-order";
import { startCheckout } from "./start-checkout";

// The order's money path on a real PostgreSQL: checkout, the provider's events
// (idempotent by id), the render queued with the payment, cancellation on each
// kind of revocation and the refunds that follow, never twice.

const SECRET = "local-payment-test-secret-0123456789";
const payments = localPayments(SECRET);
const provider = payments.provider;

let t: TestDatabase;
let storage: TestStorage;
let studio: Actor;
let talent: Actor;

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  studio = await createStudio(t.db);
  talent = await createUser(t.db, "TALENT");
});
afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
});

/** A fresh profile with an auto-approving offer and one approved request of the studio. */
async function approvedRequest() {
  talent = await createUser(t.db, "TALENT");
  const { profile } = await createProfileWithConsent(t.db, talent);
  const offer = await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO" });
  const { request } = await submitTestRequest(t.db, studio, offer.id);
  expect(request.status).toBe("approved");
  return { profile, offer, request };
}

/** Through the provider boundary as the webhook route does: signed body, verified, normalized. */
function viaWebhook(event: Parameters<typeof signLocalEvent>[1]) {
  const { body, signature } = signLocalEvent(SECRET, event);
  return provider.parseWebhook(body, signature);
}

const pay = (orderId: string) => payOrder(t.db, payments, orderId);

async function refundJobs(orderId: string): Promise<number> {
  const rows = await t.db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM pgboss.job WHERE name = 'refund' AND data->>'orderId' = ${orderId}`;
  return Number(rows[0]!.n);
}

async function ledgerSum(orderId: string): Promise<number> {
  const entries = await t.db.ledgerEntry.findMany({ where: { orderId, kind: { in: ["charge", "refund"] } } });
  return entries.reduce((s, e) => s + e.amountMinor, 0);
}

describe("orders and payments", () => {
  it("opens one checkout per order at the quoted price; a second click returns the same session", async () => {
    const { request } = await approvedRequest();
    const first = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
    const second = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
    expect(second.checkoutUrl).toBe(first.checkoutUrl);
    expect(first.checkoutUrl).toMatch(/\/pay\/test\/lcs_/);
    const order = await t.db.order.findUniqueOrThrow({ where: { id: first.orderId } });
    expect(order).toMatchObject({
      status: "awaiting_payment",
      paymentStatus: "unpaid",
      amountMinor: request.priceMinor,
      provider: "local",
    });
    expect(await t.db.order.count({ where: { requestId: request.id } })).toBe(1);
  });

  it("refuses checkout to another studio (404) and for a request that is not approved (409)", async () => {
    const { request } = await approvedRequest();
    const other = await createStudio(t.db);
    expect(
      (await caught(() => startCheckout({ db: t.db, actor: other, meta: TEST_META, requestId: request.id, provider }))).httpStatus,
    ).toBe(404);
    expect(
      (await caught(() => startCheckout({ db: t.db, actor: talent, meta: TEST_META, requestId: request.id, provider }))).httpStatus,
    ).toBe(403);
    const owner = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, owner);
    const manual = await publishTestOffer(t.db, owner, profile.id, { approvalMode: "MANUAL" });
    const { request: pending } = await submitTestRequest(t.db, studio, manual.id);
    expect(
      (await caught(() => startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: pending.id, provider }))).httpStatus,
    ).toBe(409);
  });

  it("books a payment, its ledger charge and a queued render in one step, and the same event twice changes nothing", async () => {
    const { request } = await approvedRequest();
    const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
    const first = await pay(orderId);
    const again = await pay(orderId);
    expect(first).toMatchObject({ duplicate: false, effect: "paid_and_queued" });
    expect(again.duplicate).toBe(true);
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { renderJobs: true, ledger: true } });
    expect(order).toMatchObject({ status: "rendering", paymentStatus: "paid" });
    expect(order.ledger.map((e) => [e.kind, e.amountMinor])).toEqual([["charge", request.priceMinor]]);
    expect(order.renderJobs).toHaveLength(1);
    expect(order.renderJobs[0]).toMatchObject({ status: "queued", preset: "auto" });
    const jobs = await t.db.$queryRaw<
      { state: string }[]
    >`SELECT state FROM pgboss.job WHERE name = 'render' AND data->>'renderJobId' = ${order.renderJobs[0]!.id}`;
    expect(jobs).toEqual([{ state: "created" }]);
    const actions = (await t.db.auditEvent.findMany({ where: { subjectId: orderId }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["order.created", "payment.checkout_started", "payment.succeeded", "order.rendering"]);
  });

  it("clears an expired checkout so the studio can start a new one", async () => {
    const { request } = await approvedRequest();
    const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    const expired = viaWebhook(localCheckoutEvent(SECRET, { outcome: "expired", sessionId: order.checkoutSessionId!, orderId }));
    expect((await applyPaymentEvent({ db: t.db, provider: "local", event: expired })).effect).toBe("checkout expired");
    const cleared = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(cleared.checkoutSessionId).toBeNull();
    const again = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
    expect(again.checkoutUrl).not.toBe(order.checkoutUrl);
  });

  it("revoking consent while rendering cancels the render and refunds the payment exactly once", async () => {
    const { profile, request } = await approvedRequest();
    const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
    await pay(orderId);
    await revokeConsent({
      db: t.db,
      actor: talent,
      meta: TEST_META,
      input: { profileId: profile.id, reason: "I no longer agree", destroyBiometrics: false },
    });
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { renderJobs: true } });
    expect(order.status).toBe("cancelled");
    expect(order.renderJobs[0]).toMatchObject({ status: "cancelled" });
    expect(order.renderJobs[0]!.cancelReason).toMatch(/Consent revoked/);
    expect(await refundJobs(orderId)).toBe(1);
    expect(await refundOrder({ db: t.db, orderId, reason: "Consent revoked", provider })).toBe("refunded");
    expect(await refundOrder({ db: t.db, orderId, reason: "Consent revoked", provider })).toBe("not paid");
    const refunded = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(refunded.paymentStatus).toBe("refunded");
    expect(await ledgerSum(orderId)).toBe(0);
    expect(await t.db.ledgerEntry.count({ where: { orderId, kind: "refund" } })).toBe(1);
  });

  it("revoking the license offer cancels an unpaid order without a refund, and a late payment is refunded at once", async () => {
    const { offer, request } = await approvedRequest();
    const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
    await revokeOffer({ db: t.db, actor: talent, meta: TEST_META, input: { offerId: offer.id, reason: "Campaign conflict" } });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("cancelled");
    expect(await refundJobs(orderId)).toBe(0);
    // The studio was still on the checkout page and paid anyway.
    expect((await pay(orderId)).effect).toBe("paid_and_refunding");
    expect(await refundJobs(orderId)).toBe(1);
    expect(await t.db.renderJob.count({ where: { orderId } })).toBe(0);
    await refundOrder({ db: t.db, orderId, reason: "late payment", provider });
    expect(await ledgerSum(orderId)).toBe(0);
  });

  it("withdrawing an approved, paid request cancels its order and refunds it", async () => {
    const { request } = await approvedRequest();
    const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
    await pay(orderId);
    await withdrawRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("cancelled");
    expect(await refundJobs(orderId)).toBe(1);
  });

  it("books a refund made at the provider once, however often its event arrives", async () => {
    const { request } = await approvedRequest();
    const { orderId } = await startCheckout({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id, provider });
    await pay(orderId);
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    const event = {
      id: `evt_refund_${orderId}`,
      type: "payment.refunded" as const,
      paymentRef: order.paymentRef!,
      refundRef: "lre_dashboard",
      amountMinor: order.amountMinor,
    };
    expect((await applyPaymentEvent({ db: t.db, provider: "local", event })).effect).toBe("refund booked");
    expect((await applyPaymentEvent({ db: t.db, provider: "local", event: { ...event, id: `${event.id}-2` } })).effect).toBe(
      "already refunded",
    );
    expect(await ledgerSum(orderId)).toBe(0);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("cancelled");
  });

  it("refuses to change or delete a ledger entry (append-only)", async () => {
    const entry = await t.db.ledgerEntry.findFirstOrThrow();
    await expect(t.db.ledgerEntry.update({ where: { id: entry.id }, data: { amountMinor: 1 } })).rejects.toThrow(/immutable/);
    await expect(t.db.ledgerEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/immutable/);
  });
});
