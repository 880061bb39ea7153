import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createStripeProvider } from "@/lib/payments/stripe-provider";
import type { PaymentProviderApi } from "@/lib/payments/types";
import { withdrawRequest } from "@/lib/requests/withdraw-request";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { startFakeStripe, type FakeStripe } from "@/lib/testing/fake-stripe-server";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { applyPaymentEvent } from "./apply-payment-event";
import { refundOrder } from "./refund-order";
import { startCheckout } from "./start-checkout";

// The order's money path through the real Stripe SDK, against a local server
// that answers like Stripe's API, with webhook payloads signed by the SDK's
// test helper: Checkout Session per order, the signed completed-session event
// books the payment and queues the render, the same event again changes
// nothing, and a withdrawal refunds through Stripe once.

const WEBHOOK_SECRET = "whsec_likeness_orders_test";
let t: TestDatabase;
let storage: TestStorage;
let fake: FakeStripe;
let stripe: PaymentProviderApi;
let studio: Actor;

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  fake = await startFakeStripe();
  stripe = createStripeProvider({
    secretKey: "sk_test_likeness",
    webhookSecret: WEBHOOK_SECRET,
    host: fake.host,
    port: fake.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  studio = await createStudio(t.db);
});
afterAll(async () => {
  await fake?.close();
  await t?.drop();
  await storage?.cleanup();
});

describe("orders paid through Stripe", () => {
  it("pays through a Checkout Session and its signed webhook, queues the render once, and refunds once through Stripe on withdrawal", async () => {
    const talent = await createUser(t.db, "TALENT");
    const { profile } = await createProfileWithConsent(t.db, talent);
    const offer = await publishTestOffer(t.db, talent, profile.id, { approvalMode: "AUTO" });
    const { request } = await submitTestRequest(t.db, studio, offer.id);

    const { orderId, checkoutUrl } = await startCheckout({
      db: t.db,
      actor: studio,
      meta: TEST_META,
      requestId: request.id,
      provider: stripe,
    });
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order.provider).toBe("stripe");
    expect(order.checkoutSessionId).toMatch(/^cs_/);
    expect(checkoutUrl).toContain(order.checkoutSessionId!);
    const created = fake.requests.find((r) => r.path === "/v1/checkout/sessions" && r.method === "POST")!;
    expect(created.body["metadata[orderId]"]).toBe(orderId);
    expect(Number(created.body["line_items[0][price_data][unit_amount]"])).toBe(request.priceMinor);

    const { body, header } = fake.signed(fake.completedSessionEvent(order.checkoutSessionId!), WEBHOOK_SECRET);
    const event = stripe.parseWebhook(body, header);
    expect((await applyPaymentEvent({ db: t.db, provider: "stripe", event })).effect).toBe("paid_and_queued");
    expect((await applyPaymentEvent({ db: t.db, provider: "stripe", event: stripe.parseWebhook(body, header) })).duplicate).toBe(true);
    const paid = await t.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { renderJobs: true, ledger: true } });
    expect(paid).toMatchObject({ status: "rendering", paymentStatus: "paid" });
    expect(paid.paymentRef).toMatch(/^pi_/);
    expect(paid.renderJobs).toHaveLength(1);
    expect(paid.ledger.map((e) => e.kind)).toEqual(["charge"]);

    await withdrawRequest({ db: t.db, actor: studio, meta: TEST_META, requestId: request.id });
    expect(await refundOrder({ db: t.db, orderId, reason: "withdrawn", provider: stripe })).toBe("refunded");
    expect(await refundOrder({ db: t.db, orderId, reason: "withdrawn", provider: stripe })).toBe("not paid");
    const refunds = fake.requests.filter((r) => r.path === "/v1/refunds");
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.idempotencyKey).toBe(`refund:${orderId}`);
    // Stripe then sends charge.refunded for the same payment: already booked, nothing changes.
    const refunded = fake.signed(fake.refundedChargeEvent(paid.paymentRef!), WEBHOOK_SECRET);
    expect(
      (await applyPaymentEvent({ db: t.db, provider: "stripe", event: stripe.parseWebhook(refunded.body, refunded.header) })).effect,
    ).toBe("already refunded");
    const ledger = await t.db.ledgerEntry.findMany({ where: { orderId } });
    expect(ledger.reduce((s, e) => s + e.amountMinor, 0)).toBe(0);
  });
});
