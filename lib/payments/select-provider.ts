import { createHash, createHmac, randomBytes } from "node:crypto";
import { paymentConfig, publicBaseUrl, secretsConfig } from "@/lib/config";
import { createLocalProvider } from "./local-provider";
import { createStripeProvider } from "./stripe-provider";
import type { PaymentProviderApi } from "./types";

// One provider per process, chosen from the environment: Stripe when
// STRIPE_SECRET_KEY is set, otherwise the local test stand-in. The cache is
// keyed by the settings it was built from, so a test (or a dev server) that
// changes them gets a provider that matches instead of a stale one.

let cached: { settingsKey: string; provider: PaymentProviderApi } | null = null;
let processRandomSecret: Buffer | null = null;

/**
 * The secret that signs local test-payment events and derives local ids:
 * LIKENESS_LOCAL_PAYMENT_SECRET when set; otherwise derived (HMAC) from
 * NEXTAUTH_SECRET, so it survives restarts without being that secret itself;
 * otherwise random for this process only, in which case checkout sessions
 * and signed events from before a restart no longer verify.
 */
export function localPaymentSecret(): Buffer {
  const { localPaymentSecret: explicit, nextAuthSecret: authSecret } = secretsConfig();
  if (explicit) return Buffer.from(explicit, "utf8");
  if (authSecret) return createHmac("sha256", authSecret).update("likeness-local-payment-secret").digest();
  processRandomSecret ??= randomBytes(32);
  return processRandomSecret;
}

export function paymentProvider(): PaymentProviderApi {
  const config = paymentConfig();
  if (config.stripeSecretKey) {
    if (!config.stripeWebhookSecret) {
      throw new Error(
        "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: without it Stripe's payment events cannot be verified. " +
          "Set it to the endpoint's signing secret (whsec_...).",
      );
    }
    const settings = {
      secretKey: config.stripeSecretKey,
      webhookSecret: config.stripeWebhookSecret,
      host: config.stripeApiHost,
      port: config.stripeApiPort,
      protocol: config.stripeApiHost ? config.stripeApiProtocol : undefined,
    };
    return cachedFor(["stripe", settings], () => createStripeProvider(settings));
  }
  const secret = localPaymentSecret();
  const baseUrl = publicBaseUrl();
  return cachedFor(["local", secret.toString("hex"), baseUrl], () => createLocalProvider({ secret, baseUrl }));
}

function cachedFor(settings: unknown, build: () => PaymentProviderApi): PaymentProviderApi {
  // Hashed so the cache does not hold a second copy of the keys in plain text.
  const settingsKey = createHash("sha256").update(JSON.stringify(settings)).digest("hex");
  if (cached?.settingsKey !== settingsKey) cached = { settingsKey, provider: build() };
  return cached.provider;
}
