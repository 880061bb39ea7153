import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError, parseInput } from "@/lib/errors";
import {
  checkoutInputSchema,
  onboardingLinkInputSchema,
  payoutAccountInputSchema,
  refundInputSchema,
  transferInputSchema,
  type NormalizedPaymentEvent,
  type PaymentProviderApi,
} from "./types";

// The embedded stand-in used when STRIPE_SECRET_KEY is unset (development,
// tests, demos). No money moves: its checkout URL is the platform's own
// "Test payment — no real money" page, which signs the outcome with
// signLocalEvent and posts it to the same webhook route Stripe calls, so
// everything after parseWebhook runs exactly as in production.
//
// Every id is an HMAC of the idempotency key (or user id) under the secret:
// a retry gets the same id, as Stripe's idempotency keys guarantee, without
// the stand-in keeping any state, and ids cannot be guessed without the secret.

export const LOCAL_SIGNATURE_HEADER = "x-likeness-local-signature";

const CHECKOUT_LIFETIME_MS = 30 * 60 * 1000;

type Secret = Buffer | string;

// Separate keys for signing events and for deriving ids, so a published id can
// never serve as the signature of anything.
const subkey = (secret: Secret, purpose: string) => createHmac("sha256", secret).update(`likeness-local-payments:${purpose}`).digest();

function derivedId(secret: Secret, prefix: string, kind: string, key: string): string {
  const digest = createHmac("sha256", subkey(secret, "ids")).update(`${kind}\n${key}`).digest("hex");
  return `${prefix}${digest.slice(0, 24)}`;
}

function signatureOf(secret: Secret, body: string): string {
  return createHmac("sha256", subkey(secret, "events")).update(body).digest("hex");
}

/** Signs an event for the local webhook: POST `body` with `signature` in the LOCAL_SIGNATURE_HEADER header. */
export function signLocalEvent(secret: Secret, event: NormalizedPaymentEvent): { body: string; signature: string } {
  const body = JSON.stringify(event);
  return { body, signature: signatureOf(secret, body) };
}

/**
 * The event the test payment page sends when the person presses Pay or
 * Cancel. Its ids derive from the session, so pressing twice sends the same
 * event (deduplicated by id) with the same payment reference.
 */
export function localCheckoutEvent(
  secret: Secret,
  outcome:
    | { outcome: "paid"; sessionId: string; orderId: string; amountMinor: number; currency: string }
    | { outcome: "expired"; sessionId: string; orderId: string },
): NormalizedPaymentEvent {
  const id = derivedId(secret, "levt_", outcome.outcome, outcome.sessionId);
  if (outcome.outcome === "expired") {
    return { id, type: "checkout.expired", sessionId: outcome.sessionId, orderId: outcome.orderId };
  }
  return {
    id,
    type: "checkout.paid",
    sessionId: outcome.sessionId,
    orderId: outcome.orderId,
    paymentRef: derivedId(secret, "lpi_", "payment", outcome.sessionId),
    amountMinor: outcome.amountMinor,
    currency: outcome.currency.toLowerCase(),
  };
}

const localEventSchema = z.discriminatedUnion("type", [
  z.object({
    id: z.string().min(1),
    type: z.literal("checkout.paid"),
    sessionId: z.string().min(1),
    orderId: z.string().min(1),
    paymentRef: z.string().min(1),
    amountMinor: z.number().int().positive(),
    currency: z.string().length(3),
  }),
  z.object({ id: z.string().min(1), type: z.literal("checkout.expired"), sessionId: z.string().min(1), orderId: z.string().min(1) }),
  z.object({
    id: z.string().min(1),
    type: z.literal("payment.refunded"),
    paymentRef: z.string().min(1),
    refundRef: z.string().min(1),
    amountMinor: z.number().int().nonnegative(),
  }),
  z.object({ id: z.string().min(1), type: z.literal("account.updated"), accountId: z.string().min(1), payoutsEnabled: z.boolean() }),
  z.object({ id: z.string().min(1), type: z.literal("ignored"), providerType: z.string() }),
]);

export function createLocalProvider(opts: { secret: Secret; baseUrl: string }): PaymentProviderApi {
  const baseUrl = opts.baseUrl.replace(/\/+$/, "");
  const secret = opts.secret;
  if (secret.length < 16) throw new Error("The local payment secret must be at least 16 bytes");

  return {
    name: "local",
    webhookSignatureHeader: LOCAL_SIGNATURE_HEADER,

    async createCheckout(raw) {
      const input = parseInput(checkoutInputSchema, raw);
      const sessionId = derivedId(secret, "lcs_", "checkout", input.idempotencyKey);
      return {
        sessionId,
        url: `${baseUrl}/pay/test/${sessionId}`,
        expiresAt: new Date(Date.now() + CHECKOUT_LIFETIME_MS),
      };
    },

    async refund(raw) {
      const input = parseInput(refundInputSchema, raw);
      return { refundRef: derivedId(secret, "lre_", "refund", input.idempotencyKey) };
    },

    async transfer(raw) {
      const input = parseInput(transferInputSchema, raw);
      return { transferRef: derivedId(secret, "ltr_", "transfer", input.idempotencyKey) };
    },

    async createPayoutAccount(raw) {
      const input = parseInput(payoutAccountInputSchema, raw);
      return { accountId: derivedId(secret, "lacct_", "account", input.userId) };
    },

    async onboardingLink(raw) {
      const input = parseInput(onboardingLinkInputSchema, raw);
      return { url: `${baseUrl}/settings/payouts/test-onboarding?account=${encodeURIComponent(input.accountId)}` };
    },

    async payoutAccountStatus(accountId) {
      // Rows made while Stripe was configured must not look paid-out-able here.
      if (!accountId.startsWith("lacct_")) {
        throw new AppError("BAD_REQUEST", `"${accountId}" is not a local test payout account`);
      }
      // The stand-in has no identity checks, so every local account can be paid.
      return { payoutsEnabled: true };
    },

    parseWebhook(rawBody, signatureHeader) {
      if (!signatureHeader) throw new AppError("BAD_REQUEST", `The ${LOCAL_SIGNATURE_HEADER} header is missing`);
      const expected = Buffer.from(signatureOf(secret, rawBody), "hex");
      const given = Buffer.from(signatureHeader.trim(), "hex");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new AppError("BAD_REQUEST", "The local payment signature does not match the body");
      }
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new AppError("BAD_REQUEST", "The webhook body is not JSON");
      }
      const event = localEventSchema.safeParse(json);
      if (!event.success) throw new AppError("BAD_REQUEST", "The webhook body is not a local payment event");
      return event.data;
    },
  };
}
