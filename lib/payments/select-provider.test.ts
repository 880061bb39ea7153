import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeStripe, type FakeStripe } from "@/lib/testing/fake-stripe-server";
import { signLocalEvent } from "./local-provider";
import { localPaymentSecret, paymentProvider } from "./select-provider";

let fake: FakeStripe;
beforeAll(async () => {
  fake = await startFakeStripe();
});
afterAll(() => fake.close());
afterEach(() => vi.unstubAllEnvs());

function useLocalEnv(env: { LIKENESS_LOCAL_PAYMENT_SECRET?: string; NEXTAUTH_SECRET?: string } = {}) {
  vi.stubEnv("STRIPE_SECRET_KEY", "");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", "");
  vi.stubEnv("LIKENESS_LOCAL_PAYMENT_SECRET", env.LIKENESS_LOCAL_PAYMENT_SECRET ?? "");
  vi.stubEnv("NEXTAUTH_SECRET", env.NEXTAUTH_SECRET ?? "");
  vi.stubEnv("NEXTAUTH_URL", "http://localhost:4010");
}

describe("paymentProvider", () => {
  it("uses the local stand-in when STRIPE_SECRET_KEY is unset, with checkout pages on the public URL", async () => {
    useLocalEnv({ LIKENESS_LOCAL_PAYMENT_SECRET: "explicit-local-secret-0123456789" });
    const provider = paymentProvider();
    expect(provider.name).toBe("local");
    const session = await provider.createCheckout({
      orderId: "ord_1",
      amountMinor: 100,
      currency: "usd",
      description: "Order ord_1",
      successUrl: "http://localhost:4010/ok",
      cancelUrl: "http://localhost:4010/cancel",
      idempotencyKey: "checkout:ord_1",
    });
    expect(session.url).toBe(`http://localhost:4010/pay/test/${session.sessionId}`);
  });

  it("verifies local events signed with LIKENESS_LOCAL_PAYMENT_SECRET, which localPaymentSecret() returns", () => {
    useLocalEnv({ LIKENESS_LOCAL_PAYMENT_SECRET: "explicit-local-secret-0123456789" });
    expect(localPaymentSecret().toString("utf8")).toBe("explicit-local-secret-0123456789");
    const { body, signature } = signLocalEvent(localPaymentSecret(), { id: "levt_1", type: "ignored", providerType: "test" });
    expect(paymentProvider().parseWebhook(body, signature)).toEqual({ id: "levt_1", type: "ignored", providerType: "test" });
  });

  it("derives the local secret from NEXTAUTH_SECRET when no local secret is set: stable, and not NEXTAUTH_SECRET itself", () => {
    useLocalEnv({ NEXTAUTH_SECRET: "nextauth-secret-value" });
    const derived = localPaymentSecret();
    expect(localPaymentSecret().equals(derived)).toBe(true);
    expect(derived.toString("utf8")).not.toContain("nextauth-secret-value");
    vi.stubEnv("NEXTAUTH_SECRET", "another-nextauth-secret");
    expect(localPaymentSecret().equals(derived)).toBe(false);
  });

  it("falls back to one random secret per process when neither secret is set", () => {
    useLocalEnv();
    const secret = localPaymentSecret();
    expect(secret.length).toBe(32);
    expect(localPaymentSecret().equals(secret)).toBe(true);
  });

  it("refuses Stripe without STRIPE_WEBHOOK_SECRET, naming the missing variable", () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_likeness");
    vi.stubEnv("STRIPE_WEBHOOK_SECRET", "");
    expect(() => paymentProvider()).toThrow(/STRIPE_WEBHOOK_SECRET/);
  });

  it("uses Stripe when STRIPE_SECRET_KEY is set, at STRIPE_API_HOST/PORT/PROTOCOL, and keeps one provider per settings", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_likeness");
    vi.stubEnv("STRIPE_WEBHOOK_SECRET", "whsec_test_select");
    vi.stubEnv("STRIPE_API_HOST", fake.host);
    vi.stubEnv("STRIPE_API_PORT", String(fake.port));
    vi.stubEnv("STRIPE_API_PROTOCOL", "http");
    const provider = paymentProvider();
    expect(provider.name).toBe("stripe");
    expect(provider.webhookSignatureHeader).toBe("stripe-signature");
    expect(paymentProvider()).toBe(provider);

    const session = await provider.createCheckout({
      orderId: "ord_env",
      amountMinor: 100,
      currency: "usd",
      description: "Order ord_env",
      successUrl: "http://localhost:4010/ok",
      cancelUrl: "http://localhost:4010/cancel",
      idempotencyKey: "checkout:ord_env",
    });
    expect(fake.sessions.has(session.sessionId)).toBe(true);

    vi.stubEnv("STRIPE_WEBHOOK_SECRET", "whsec_rotated");
    expect(paymentProvider()).not.toBe(provider);
  });
});
