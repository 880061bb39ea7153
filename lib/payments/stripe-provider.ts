import Stripe from "stripe";
import { AppError, parseInput } from "@/lib/errors";
import { toProviderError } from "./stripe-errors";
import { normalizeStripeEvent } from "./stripe-events";
import {
  checkoutInputSchema,
  onboardingLinkInputSchema,
  payoutAccountInputSchema,
  refundInputSchema,
  transferInputSchema,
  type PaymentProviderApi,
} from "./types";

export type StripeProviderOptions = {
  secretKey: string;
  webhookSecret: string;
  /** host/port/protocol point the SDK at a server that answers like Stripe's API (tests). */
  host?: string;
  port?: number;
  protocol?: "http" | "https";
  /** The SDK retries network failures (2 by default); tests of failures set 0. */
  maxNetworkRetries?: number;
};

// Stripe accepts 30 minutes to 24 hours. A few minutes over the minimum keeps a
// request that is slow, or a server clock slightly behind Stripe's, from being
// refused for asking less than 30 minutes.
const CHECKOUT_LIFETIME_SECONDS = 35 * 60;

// Metadata values are limited to 500 characters.
const metadataValue = (value: string) => value.slice(0, 500);

export function createStripeProvider(opts: StripeProviderOptions): PaymentProviderApi {
  const stripe = new Stripe(opts.secretKey, {
    host: opts.host,
    port: opts.port,
    protocol: opts.protocol,
    maxNetworkRetries: opts.maxNetworkRetries,
    appInfo: { name: "Likeness" },
  });

  // Every call goes through here so each failure names what was being done.
  async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw toProviderError(err, action);
    }
  }

  return {
    name: "stripe",
    webhookSignatureHeader: "stripe-signature",

    async createCheckout(raw) {
      const input = parseInput(checkoutInputSchema, raw);
      const session = await call("Starting the checkout", () =>
        stripe.checkout.sessions.create(
          {
            mode: "payment",
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: input.currency,
                  unit_amount: input.amountMinor,
                  product_data: { name: input.description },
                },
              },
            ],
            client_reference_id: input.orderId,
            customer_email: input.customerEmail,
            metadata: { orderId: input.orderId },
            // The order id on the payment intent and as its transfer group ties
            // the later Connect transfers to this charge in Stripe's dashboard.
            payment_intent_data: { metadata: { orderId: input.orderId }, transfer_group: input.orderId },
            expires_at: Math.floor(Date.now() / 1000) + CHECKOUT_LIFETIME_SECONDS,
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a payment page URL`);
      return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
    },

    async refund(raw) {
      const input = parseInput(refundInputSchema, raw);
      const refund = await call("Refunding the payment", () =>
        stripe.refunds.create(
          {
            payment_intent: input.paymentRef,
            amount: input.amountMinor,
            reason: "requested_by_customer",
            metadata: { reason: metadataValue(input.reason) },
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return { refundRef: refund.id };
    },

    async transfer(raw) {
      const input = parseInput(transferInputSchema, raw);
      const transfer = await call("Paying out the share", () =>
        stripe.transfers.create(
          {
            amount: input.amountMinor,
            currency: input.currency,
            destination: input.destinationAccountId,
            transfer_group: input.orderId,
            metadata: { orderId: input.orderId },
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return { transferRef: transfer.id };
    },

    async createPayoutAccount(raw) {
      const input = parseInput(payoutAccountInputSchema, raw);
      const account = await call("Creating the payout account", () =>
        stripe.accounts.create(
          { type: "express", email: input.email, metadata: { userId: input.userId } },
          // A double click must not open two Connect accounts for one person.
          { idempotencyKey: `payout-account:${input.userId}:${input.email}` },
        ),
      );
      return { accountId: account.id };
    },

    async onboardingLink(raw) {
      const input = parseInput(onboardingLinkInputSchema, raw);
      const link = await call("Starting payout onboarding", () =>
        stripe.accountLinks.create({
          account: input.accountId,
          type: "account_onboarding",
          refresh_url: input.refreshUrl,
          return_url: input.returnUrl,
        }),
      );
      return { url: link.url };
    },

    async payoutAccountStatus(accountId) {
      // accounts.retrieve() without an id reads the platform's own account,
      // which would report the platform's payouts as the person's.
      if (!accountId.startsWith("acct_")) {
        throw new AppError("BAD_REQUEST", `"${accountId}" is not a Stripe connected account id`);
      }
      const account = await call("Reading the payout account", () => stripe.accounts.retrieve(accountId));
      return { payoutsEnabled: account.payouts_enabled === true };
    },

    parseWebhook(rawBody, signatureHeader) {
      if (!signatureHeader) throw new AppError("BAD_REQUEST", "The Stripe-Signature header is missing");
      let event: unknown;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signatureHeader, opts.webhookSecret);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
          // The SDK's message continues with setup advice over several lines; the first names the problem.
          const problem = err.message.split("\n")[0]?.trim();
          throw new AppError("BAD_REQUEST", `The Stripe signature is not valid: ${problem}`);
        }
        // The signature matched but the body is not JSON.
        throw new AppError("BAD_REQUEST", "The webhook body is not a JSON Stripe event");
      }
      return normalizeStripeEvent(event);
    },
  };
}
