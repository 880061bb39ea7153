import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { LOCAL_SIGNATURE_HEADER, createLocalProvider, localCheckoutEvent, signLocalEvent } from "./local-provider";
import type { NormalizedPaymentEvent } from "./types";

const SECRET = Buffer.from("local-payment-secret-for-tests-0123456789");
const provider = createLocalProvider({ secret: SECRET, baseUrl: "http://localhost:3000/" });

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

const checkout = (idempotencyKey: string) => ({
  orderId: "ord_local",
  amountMinor: 2_500,
  currency: "EUR",
  description: "Order ord_local",
  successUrl: "http://localhost:3000/studio/orders/ord_local?paid=1",
  cancelUrl: "http://localhost:3000/studio/requests/req_1",
  idempotencyKey,
});

describe("local provider: signed events", () => {
  it("round-trips every event kind through signLocalEvent and parseWebhook", () => {
    const events: NormalizedPaymentEvent[] = [
      localCheckoutEvent(SECRET, { outcome: "paid", sessionId: "lcs_1", orderId: "ord_1", amountMinor: 2_500, currency: "EUR" }),
      localCheckoutEvent(SECRET, { outcome: "expired", sessionId: "lcs_2", orderId: "ord_2" }),
      { id: "levt_r", type: "payment.refunded", paymentRef: "lpi_1", refundRef: "lre_1", amountMinor: 2_500 },
      { id: "levt_a", type: "account.updated", accountId: "lacct_1", payoutsEnabled: true },
      { id: "levt_i", type: "ignored", providerType: "local.test" },
    ];
    for (const event of events) {
      const { body, signature } = signLocalEvent(SECRET, event);
      expect(provider.parseWebhook(body, signature)).toEqual(event);
    }
    expect(provider.webhookSignatureHeader).toBe(LOCAL_SIGNATURE_HEADER);
  });

  it("makes the Pay event of a session the same every time, so a double click is one payment", () => {
    const paid = { outcome: "paid" as const, sessionId: "lcs_same", orderId: "ord_1", amountMinor: 100, currency: "USD" };
    const first = localCheckoutEvent(SECRET, paid);
    expect(localCheckoutEvent(SECRET, paid)).toEqual(first);
    expect(first).toMatchObject({
      type: "checkout.paid",
      currency: "usd",
      paymentRef: expect.stringMatching(/^lpi_/),
      id: expect.stringMatching(/^levt_/),
    });
    expect(localCheckoutEvent(SECRET, { ...paid, sessionId: "lcs_other" }).id).not.toBe(first.id);
  });

  it("rejects a tampered body, another secret's signature, a missing or malformed header as BAD_REQUEST", () => {
    const event = localCheckoutEvent(SECRET, {
      outcome: "paid",
      sessionId: "lcs_t",
      orderId: "ord_t",
      amountMinor: 2_500,
      currency: "EUR",
    });
    const { body, signature } = signLocalEvent(SECRET, event);

    const tampered = body.replace('"amountMinor":2500', '"amountMinor":1');
    expect(tampered).not.toBe(body);
    badRequestOf(() => provider.parseWebhook(tampered, signature));
    const foreign = signLocalEvent(Buffer.from("another-secret-of-enough-length!!"), event);
    badRequestOf(() => provider.parseWebhook(foreign.body, foreign.signature));
    expect(badRequestOf(() => provider.parseWebhook(body, null)).message).toContain(LOCAL_SIGNATURE_HEADER);
    badRequestOf(() => provider.parseWebhook(body, "not-hex"));
    badRequestOf(() => provider.parseWebhook(body, signature.slice(0, 32)));
  });

  it("rejects a correctly signed body that is not a payment event as BAD_REQUEST", () => {
    const partial = { id: "levt_partial", type: "checkout.paid" } as unknown as NormalizedPaymentEvent;
    const signed = signLocalEvent(SECRET, partial);
    expect(badRequestOf(() => provider.parseWebhook(signed.body, signed.signature)).message).toContain("not a local payment event");
  });
});

describe("local provider: money movements", () => {
  it("opens a checkout on the platform's test payment page, the same session for a retried key", async () => {
    const before = Date.now();
    const session = await provider.createCheckout(checkout("checkout:ord_local:a"));
    expect(session.sessionId).toMatch(/^lcs_[0-9a-f]{24}$/);
    expect(session.url).toBe(`http://localhost:3000/pay/test/${session.sessionId}`);
    expect(session.expiresAt.getTime() - before).toBeGreaterThanOrEqual(30 * 60 * 1000 - 1000);
    expect((await provider.createCheckout(checkout("checkout:ord_local:a"))).sessionId).toBe(session.sessionId);
    expect((await provider.createCheckout(checkout("checkout:ord_local:b"))).sessionId).not.toBe(session.sessionId);
  });

  it("returns the same refund ref for the same idempotency key and a different one for another key", async () => {
    const refund = (idempotencyKey: string) =>
      provider.refund({ paymentRef: "lpi_1", amountMinor: 2_500, reason: "revoked", idempotencyKey });
    const first = await refund("refund:ord_1");
    expect(first.refundRef).toMatch(/^lre_/);
    expect(await refund("refund:ord_1")).toEqual(first);
    expect((await refund("refund:ord_2")).refundRef).not.toBe(first.refundRef);
    // Another process with the same secret answers the same (restarts keep refs).
    const restarted = createLocalProvider({ secret: SECRET, baseUrl: "http://localhost:3000" });
    expect(await restarted.refund({ paymentRef: "lpi_1", amountMinor: 2_500, reason: "revoked", idempotencyKey: "refund:ord_1" })).toEqual(
      first,
    );
  });

  it("returns stable transfer refs per idempotency key", async () => {
    const transfer = (idempotencyKey: string) =>
      provider.transfer({ destinationAccountId: "lacct_1", amountMinor: 700, currency: "eur", orderId: "ord_1", idempotencyKey });
    const first = await transfer("transfer:ord_1:talent");
    expect(first.transferRef).toMatch(/^ltr_/);
    expect(await transfer("transfer:ord_1:talent")).toEqual(first);
    expect((await transfer("transfer:ord_1:agent")).transferRef).not.toBe(first.transferRef);
  });

  it("gives each user one payout account that can be paid at once, with a test onboarding link", async () => {
    const { accountId } = await provider.createPayoutAccount({ userId: "user_1", email: "t@example.com" });
    expect(accountId).toMatch(/^lacct_/);
    expect(await provider.createPayoutAccount({ userId: "user_1", email: "t@example.com" })).toEqual({ accountId });
    expect((await provider.createPayoutAccount({ userId: "user_2", email: "u@example.com" })).accountId).not.toBe(accountId);
    expect(await provider.payoutAccountStatus(accountId)).toEqual({ payoutsEnabled: true });
    const link = await provider.onboardingLink({ accountId, refreshUrl: "http://localhost:3000/a", returnUrl: "http://localhost:3000/b" });
    expect(link.url).toBe(`http://localhost:3000/settings/payouts/test-onboarding?account=${accountId}`);
  });

  it("refuses the status of a Stripe account id, which the local stand-in cannot pay", async () => {
    await expect(provider.payoutAccountStatus("acct_123")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses a secret too short to sign with", () => {
    expect(() => createLocalProvider({ secret: "short", baseUrl: "http://localhost:3000" })).toThrow(/at least 16 bytes/);
  });
});
