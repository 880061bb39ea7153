import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { startFakeStripe, type FakeStripe } from "@/lib/testing/fake-stripe-server";
import { createStripeProvider } from "./stripe-provider";
import type { PaymentProviderApi } from "./types";

// Events are made by the fake server from the objects it created, signed with
// the SDK's own test-header helper, and verified by the provider's real path.

const WEBHOOK_SECRET = "whsec_test_likeness_webhooks";
let fake: FakeStripe;
let provider: PaymentProviderApi;

beforeAll(async () => {
  fake = await startFakeStripe();
  provider = createStripeProvider({
    secretKey: "sk_test_likeness",
    webhookSecret: WEBHOOK_SECRET,
    host: fake.host,
    port: fake.port,
    protocol: "http",
  });
});
afterAll(() => fake.close());

async function openSession(orderId: string, amountMinor = 9_900): Promise<string> {
  const session = await provider.createCheckout({
    orderId,
    amountMinor,
    currency: "GBP",
    description: `Order ${orderId}`,
    successUrl: "https://likeness.example/ok",
    cancelUrl: "https://likeness.example/cancel",
    idempotencyKey: `checkout:${orderId}`,
  });
  return session.sessionId;
}

function parseSigned(event: object) {
  const { body, header } = fake.signed(event, WEBHOOK_SECRET);
  return provider.parseWebhook(body, header);
}

function badRequestOf(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("BAD_REQUEST");
    return err as AppError;
  }
  throw new Error("expected the webhook to be rejected");
}

describe("Stripe webhooks", () => {
  it("normalizes a signed checkout.session.completed into checkout.paid with the order id and payment intent", async () => {
    const sessionId = await openSession("ord_paid");
    const event = fake.completedSessionEvent(sessionId);
    const paymentIntent = fake.sessions.get(sessionId)?.payment_intent;

    expect(parseSigned(event)).toEqual({
      id: event.id,
      type: "checkout.paid",
      sessionId,
      orderId: "ord_paid",
      paymentRef: paymentIntent,
      amountMinor: 9_900,
      currency: "gbp",
    });
    expect(paymentIntent).toMatch(/^pi_/);
  });

  it("normalizes checkout.session.async_payment_succeeded into checkout.paid", async () => {
    const sessionId = await openSession("ord_async");
    const event = { ...fake.completedSessionEvent(sessionId), type: "checkout.session.async_payment_succeeded" };
    expect(parseSigned(event)).toMatchObject({ type: "checkout.paid", orderId: "ord_async", sessionId });
  });

  it("ignores a completed session whose payment is still clearing (payment_status unpaid)", async () => {
    const sessionId = await openSession("ord_clearing");
    const event = fake.completedSessionEvent(sessionId) as { id: string; data: { object: Record<string, unknown> } };
    event.data.object.payment_status = "unpaid";
    expect(parseSigned(event)).toEqual({ id: event.id, type: "ignored", providerType: "checkout.session.completed" });
  });

  it("normalizes checkout.session.expired into checkout.expired", async () => {
    const sessionId = await openSession("ord_expired");
    const event = fake.expiredSessionEvent(sessionId);
    expect(parseSigned(event)).toEqual({ id: event.id, type: "checkout.expired", sessionId, orderId: "ord_expired" });
  });

  it("normalizes charge.refunded into payment.refunded with the payment intent, the refund id and the refunded amount", async () => {
    const sessionId = await openSession("ord_refunded", 5_000);
    fake.completedSessionEvent(sessionId);
    const paymentIntent = fake.sessions.get(sessionId)?.payment_intent ?? "";
    const { refundRef } = await provider.refund({
      paymentRef: paymentIntent,
      amountMinor: 5_000,
      reason: "revoked",
      idempotencyKey: `refund:${paymentIntent}`,
    });
    const event = fake.refundedChargeEvent(paymentIntent);

    expect(parseSigned(event)).toEqual({
      id: event.id,
      type: "payment.refunded",
      paymentRef: paymentIntent,
      refundRef,
      amountMinor: 5_000,
    });
  });

  it("normalizes account.updated into account.updated with payouts_enabled", async () => {
    const { accountId } = await provider.createPayoutAccount({ userId: "user_hook", email: "t@example.com" });
    const event = fake.accountUpdatedEvent(accountId, true);
    expect(parseSigned(event)).toEqual({ id: event.id, type: "account.updated", accountId, payoutsEnabled: true });
  });

  it("reports any other event type as ignored, naming the type", () => {
    const event = { id: "evt_other", object: "event", type: "customer.created", data: { object: { id: "cus_1", object: "customer" } } };
    expect(parseSigned(event)).toEqual({ id: "evt_other", type: "ignored", providerType: "customer.created" });
  });

  it("rejects an event signed with another secret as BAD_REQUEST", async () => {
    const event = fake.completedSessionEvent(await openSession("ord_wrong_secret"));
    const { body, header } = fake.signed(event, "whsec_someone_else");
    expect(badRequestOf(() => provider.parseWebhook(body, header)).message).toMatch(/signature is not valid: No signatures found matching/);
  });

  it("rejects a tampered body as BAD_REQUEST", async () => {
    const event = fake.completedSessionEvent(await openSession("ord_tampered", 9_900));
    const { body, header } = fake.signed(event, WEBHOOK_SECRET);
    const tampered = body.replace('"amount_total": 9900', '"amount_total": 1');
    expect(tampered).not.toBe(body);
    badRequestOf(() => provider.parseWebhook(tampered, header));
  });

  it("rejects a missing signature header as BAD_REQUEST naming the header", async () => {
    const { body } = fake.signed(fake.completedSessionEvent(await openSession("ord_unsigned")), WEBHOOK_SECRET);
    expect(badRequestOf(() => provider.parseWebhook(body, null)).message).toContain("Stripe-Signature header is missing");
    badRequestOf(() => provider.parseWebhook(body, ""));
  });

  it("rejects a validly signed body that is not JSON, or JSON that is not an event, as BAD_REQUEST", () => {
    const notJson = "hello";
    const notJsonHeader = Stripe.webhooks.generateTestHeaderString({ payload: notJson, secret: WEBHOOK_SECRET });
    expect(badRequestOf(() => provider.parseWebhook(notJson, notJsonHeader)).message).toContain("not a JSON Stripe event");

    const { body, header } = fake.signed({ hello: "world" }, WEBHOOK_SECRET);
    expect(badRequestOf(() => provider.parseWebhook(body, header)).message).toContain("not a valid Stripe event");
  });

  it("rejects a paid session event without a payment intent as BAD_REQUEST instead of recording an empty payment", async () => {
    const sessionId = await openSession("ord_no_pi");
    const event = fake.completedSessionEvent(sessionId) as { data: { object: Record<string, unknown> } };
    event.data.object.payment_intent = null;
    badRequestOf(() => parseSigned(event));
  });
});
