import { z } from "zod";

// The boundary between the platform and whoever moves the money. Everything
// that crosses it is plain data, so orders, the ledger and the webhook route
// never see a Stripe object and behave the same with the local stand-in.

export type ProviderName = "stripe" | "local";

export type CheckoutInput = {
  orderId: string;
  amountMinor: number;
  /** ISO 4217 code, either case; providers send it lower case. */
  currency: string;
  description: string;
  customerEmail?: string;
  successUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
};

export type CheckoutSession = { sessionId: string; url: string; expiresAt: Date };

export type NormalizedPaymentEvent =
  | { id: string; type: "checkout.paid"; sessionId: string; orderId: string; paymentRef: string; amountMinor: number; currency: string }
  | { id: string; type: "checkout.expired"; sessionId: string; orderId: string }
  | { id: string; type: "payment.refunded"; paymentRef: string; refundRef: string; amountMinor: number }
  | { id: string; type: "account.updated"; accountId: string; payoutsEnabled: boolean }
  | { id: string; type: "ignored"; providerType: string };

export type RefundInput = { paymentRef: string; amountMinor: number; reason: string; idempotencyKey: string };
export type TransferInput = {
  destinationAccountId: string;
  amountMinor: number;
  currency: string;
  orderId: string;
  idempotencyKey: string;
};

export type PaymentProviderApi = {
  name: ProviderName;
  /** The request header that carries the webhook signature ("stripe-signature" for Stripe). */
  webhookSignatureHeader: string;
  createCheckout(input: CheckoutInput): Promise<CheckoutSession>;
  /** Full refund of a paid checkout; idempotent by key (never refunds twice). */
  refund(input: RefundInput): Promise<{ refundRef: string }>;
  /** Pays a connected account its share (Stripe Connect transfer), idempotent by key. */
  transfer(input: TransferInput): Promise<{ transferRef: string }>;
  createPayoutAccount(input: { userId: string; email: string }): Promise<{ accountId: string }>;
  onboardingLink(input: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<{ url: string }>;
  payoutAccountStatus(accountId: string): Promise<{ payoutsEnabled: boolean }>;
  /** Verifies the signature over the raw body and normalizes the event; throws AppError("BAD_REQUEST", ...) naming the problem when the signature is missing or wrong or the body is not an event. */
  parseWebhook(rawBody: string, signatureHeader: string | null): NormalizedPaymentEvent;
};

// Inputs below come from callers that build them from requests and database
// rows; both providers parse them, so a bad amount fails the same way locally
// and against Stripe instead of only in production.

const minorAmount = z.number().int("must be whole minor units").positive("must be more than zero");
const currencyCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO currency code")
  .transform((code) => code.toLowerCase());
const idempotencyKey = z.string().min(1).max(255);

export const checkoutInputSchema = z.object({
  orderId: z.string().min(1),
  amountMinor: minorAmount,
  currency: currencyCode,
  description: z.string().trim().min(1).max(500),
  customerEmail: z.email().optional(),
  successUrl: z.url(),
  cancelUrl: z.url(),
  idempotencyKey,
});

export const refundInputSchema = z.object({
  paymentRef: z.string().min(1),
  amountMinor: minorAmount,
  // Free text from a person; Stripe keeps the first 500 characters in metadata.
  reason: z.string(),
  idempotencyKey,
});

export const transferInputSchema = z.object({
  destinationAccountId: z.string().min(1),
  amountMinor: minorAmount,
  currency: currencyCode,
  orderId: z.string().min(1),
  idempotencyKey,
});

export const payoutAccountInputSchema = z.object({ userId: z.string().min(1), email: z.email() });

export const onboardingLinkInputSchema = z.object({
  accountId: z.string().min(1),
  refreshUrl: z.url(),
  returnUrl: z.url(),
});
