import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { startFakeStripe, type FakeStripe } from "@/lib/testing/fake-stripe-server";
import { PROVIDER_UNREACHABLE } from "./stripe-errors";
import { createStripeProvider } from "./stripe-provider";
import type { PaymentProviderApi } from "./types";

// The real Stripe SDK against a local server that answers like Stripe's API.

let fake: FakeStripe;
let provider: PaymentProviderApi;

beforeAll(async () => {
  fake = await startFakeStripe();
  provider = createStripeProvider({
    secretKey: "sk_test_likeness",
    webhookSecret: "whsec_test_likeness",
    host: fake.host,
    port: fake.port,
    protocol: "http",
  });
});
afterAll(() => fake.close());

const checkoutInput = (overrides: Partial<Parameters<PaymentProviderApi["createCheckout"]>[0]> = {}) => ({
  orderId: "ord_123",
  amountMinor: 12_500,
  currency: "USD",
  description: "Licensed face swap — order ord_123",
  customerEmail: "studio@example.com",
  successUrl: "https://likeness.example/studio/orders/ord_123?paid=1",
  cancelUrl: "https://likeness.example/studio/requests/req_1?payment=cancelled",
  idempotencyKey: `checkout:ord_123:${Math.random()}`,
  ...overrides,
});

const requestsTo = (path: string) => fake.requests.filter((r) => r.path === path);

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  }
  throw new Error("expected the call to fail");
}

/** A checkout that the fake has marked paid, so its payment intent can be refunded. */
async function paidCheckout(amountMinor = 12_500): Promise<string> {
  const session = await provider.createCheckout(checkoutInput({ amountMinor }));
  fake.completedSessionEvent(session.sessionId);
  const paymentIntent = fake.sessions.get(session.sessionId)?.payment_intent;
  if (!paymentIntent) throw new Error("the fake did not create a payment intent");
  return paymentIntent;
}

describe("Stripe provider: checkout", () => {
  it("creates a payment-mode Checkout Session with the amount, currency, order id and idempotency key, and returns its id and url", async () => {
    const input = checkoutInput();
    const before = Date.now();
    const session = await provider.createCheckout(input);

    const sent = requestsTo("/v1/checkout/sessions").at(-1);
    expect(sent?.method).toBe("POST");
    expect(sent?.idempotencyKey).toBe(input.idempotencyKey);
    expect(sent?.body).toMatchObject({
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][unit_amount]": "12500",
      "line_items[0][price_data][currency]": "usd",
      "line_items[0][price_data][product_data][name]": input.description,
      "metadata[orderId]": "ord_123",
      "payment_intent_data[metadata][orderId]": "ord_123",
      "payment_intent_data[transfer_group]": "ord_123",
      client_reference_id: "ord_123",
      customer_email: "studio@example.com",
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
    });
    const expiresAt = Number(sent?.body.expires_at) * 1000;
    expect(expiresAt - before).toBeGreaterThanOrEqual(30 * 60 * 1000);
    expect(expiresAt - before).toBeLessThanOrEqual(40 * 60 * 1000);

    expect(session.sessionId).toMatch(/^cs_test_/);
    const stored = fake.sessions.get(session.sessionId);
    expect(session.url).toBe(stored?.url);
    expect(session.expiresAt.getTime()).toBe(expiresAt);
  });

  it("returns the same session when a checkout is retried with the same idempotency key", async () => {
    const input = checkoutInput();
    const first = await provider.createCheckout(input);
    const retry = await provider.createCheckout(input);
    expect(retry.sessionId).toBe(first.sessionId);
  });

  it("rejects an invalid checkout (fractional amount, bad currency) as VALIDATION without calling Stripe", async () => {
    const before = fake.requests.length;
    const err = await rejectionOf(provider.createCheckout(checkoutInput({ amountMinor: 10.5, currency: "dollars" })));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("VALIDATION");
    expect(Object.keys((err as AppError).fields).sort()).toEqual(["amountMinor", "currency"]);
    expect(fake.requests.length).toBe(before);
  });
});

describe("Stripe provider: refunds", () => {
  it("refunds the payment intent with the idempotency key, and a retry with the key does not refund twice", async () => {
    const paymentIntent = await paidCheckout(12_500);
    const input = {
      paymentRef: paymentIntent,
      amountMinor: 12_500,
      reason: "The talent revoked consent",
      idempotencyKey: `refund:${paymentIntent}`,
    };

    const first = await provider.refund(input);
    const retry = await provider.refund(input);

    expect(first.refundRef).toMatch(/^re_/);
    expect(retry.refundRef).toBe(first.refundRef);
    const sent = requestsTo("/v1/refunds").filter((r) => r.body.payment_intent === paymentIntent);
    expect(sent).toHaveLength(2);
    for (const request of sent) {
      expect(request.idempotencyKey).toBe(input.idempotencyKey);
      expect(request.body).toMatchObject({ amount: "12500", reason: "requested_by_customer", "metadata[reason]": input.reason });
    }
    const charge = fake.refundedChargeEvent(paymentIntent) as {
      data: { object: { amount_refunded: number; refunds: { data: unknown[] } } };
    };
    expect(charge.data.object.amount_refunded).toBe(12_500);
    expect(charge.data.object.refunds.data).toHaveLength(1);
  });

  it("reports a second refund of a refunded payment under a new key as a CONFLICT naming the problem", async () => {
    const paymentIntent = await paidCheckout(4_000);
    await provider.refund({ paymentRef: paymentIntent, amountMinor: 4_000, reason: "first", idempotencyKey: `refund-a:${paymentIntent}` });
    const err = await rejectionOf(
      provider.refund({ paymentRef: paymentIntent, amountMinor: 4_000, reason: "second", idempotencyKey: `refund-b:${paymentIntent}` }),
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("CONFLICT");
    expect(err.message).toMatch(/^Refunding the payment failed: .*already been refunded/);
  });

  it("reports a refund of an unknown payment as a BAD_REQUEST", async () => {
    const err = await rejectionOf(
      provider.refund({ paymentRef: "pi_unknown", amountMinor: 100, reason: "x", idempotencyKey: "refund:unknown" }),
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("BAD_REQUEST");
    expect(err.message).toContain("No such payment_intent: 'pi_unknown'");
  });
});

describe("Stripe provider: Connect payouts", () => {
  it("creates an Express account for the user, links its onboarding and reads payouts_enabled", async () => {
    const { accountId } = await provider.createPayoutAccount({ userId: "user_1", email: "talent@example.com" });
    expect(accountId).toMatch(/^acct_/);
    expect(requestsTo("/v1/accounts").at(-1)?.body).toMatchObject({
      type: "express",
      email: "talent@example.com",
      "metadata[userId]": "user_1",
    });

    const link = await provider.onboardingLink({
      accountId,
      refreshUrl: "https://likeness.example/settings/payouts?refresh=1",
      returnUrl: "https://likeness.example/settings/payouts?done=1",
    });
    expect(link.url).toMatch(/^https:\/\/connect\.stripe\.com\//);
    expect(requestsTo("/v1/account_links").at(-1)?.body).toMatchObject({
      account: accountId,
      type: "account_onboarding",
      refresh_url: "https://likeness.example/settings/payouts?refresh=1",
      return_url: "https://likeness.example/settings/payouts?done=1",
    });

    expect(await provider.payoutAccountStatus(accountId)).toEqual({ payoutsEnabled: false });
    fake.accountUpdatedEvent(accountId, true);
    expect(await provider.payoutAccountStatus(accountId)).toEqual({ payoutsEnabled: true });
  });

  it("refuses a payout account status for an id that is not a connected account, without asking Stripe", async () => {
    const before = fake.requests.length;
    const err = await rejectionOf(provider.payoutAccountStatus(""));
    expect((err as AppError).code).toBe("BAD_REQUEST");
    expect(fake.requests.length).toBe(before);
  });

  it("transfers the share with amount, currency, destination, transfer group and idempotency key; a retry returns the same transfer", async () => {
    const { accountId } = await provider.createPayoutAccount({ userId: "user_2", email: "agent@example.com" });
    const input = {
      destinationAccountId: accountId,
      amountMinor: 7_200,
      currency: "EUR",
      orderId: "ord_9",
      idempotencyKey: "transfer:ord_9:talent",
    };

    const first = await provider.transfer(input);
    const retry = await provider.transfer(input);

    expect(first.transferRef).toMatch(/^tr_/);
    expect(retry.transferRef).toBe(first.transferRef);
    const sent = requestsTo("/v1/transfers").filter((r) => r.idempotencyKey === input.idempotencyKey);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.body).toMatchObject({
      amount: "7200",
      currency: "eur",
      destination: accountId,
      transfer_group: "ord_9",
      "metadata[orderId]": "ord_9",
    });
  });

  it("reports a transfer to an unknown account as a BAD_REQUEST", async () => {
    const err = await rejectionOf(
      provider.transfer({
        destinationAccountId: "acct_missing",
        amountMinor: 100,
        currency: "usd",
        orderId: "ord_1",
        idempotencyKey: "transfer:missing",
      }),
    );
    expect((err as AppError).code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/^Paying out the share failed: No such destination/);
  });
});

describe("Stripe provider: platform-side failures", () => {
  it("reports a rejected API key as a plain server error, not as the user's mistake", async () => {
    const misconfigured = createStripeProvider({
      secretKey: "rk_wrong",
      webhookSecret: "whsec_x",
      host: fake.host,
      port: fake.port,
      protocol: "http",
    });
    const err = await rejectionOf(misconfigured.createCheckout(checkoutInput()));
    expect(err).not.toBeInstanceOf(AppError);
    expect(err.message).toContain("rejected the platform's API key");
  });

  it("reports an unreachable API as 'the payment provider could not be reached'", async () => {
    const closed = await startFakeStripe();
    await closed.close();
    const unreachable = createStripeProvider({
      secretKey: "sk_test_likeness",
      webhookSecret: "whsec_x",
      host: closed.host,
      port: closed.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    const err = await rejectionOf(unreachable.refund({ paymentRef: "pi_1", amountMinor: 100, reason: "x", idempotencyKey: "k" }));
    expect(err).not.toBeInstanceOf(AppError);
    expect(err.message).toBe(PROVIDER_UNREACHABLE);
  });
});
