import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { NormalizedPaymentEvent } from "./types";

// Maps a Stripe event (already signature-verified) to the provider-neutral
// shape. Only the fields read here are checked, with zod, because the body is
// outside input even when signed: an event of a newer API version, or one
// from another integration on the same Stripe account, must fail clearly
// rather than put undefined into an order.

const eventEnvelope = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const idOrExpanded = z.union([z.string(), z.object({ id: z.string() })]).transform((v) => (typeof v === "string" ? v : v.id));

const checkoutSession = z.object({
  id: z.string(),
  payment_status: z.string(),
  payment_intent: idOrExpanded.nullish(),
  amount_total: z.number().int().nullish(),
  currency: z.string().nullish(),
  client_reference_id: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

const charge = z.object({
  id: z.string(),
  payment_intent: idOrExpanded.nullish(),
  amount_refunded: z.number().int(),
  // Not included in charge events since API version 2022-11-15; used when present.
  refunds: z.object({ data: z.array(z.object({ id: z.string() })) }).nullish(),
});

const account = z.object({ id: z.string(), payouts_enabled: z.boolean().nullish() });

/** Throws AppError BAD_REQUEST when the body is not a Stripe event of the expected shape. */
export function normalizeStripeEvent(raw: unknown): NormalizedPaymentEvent {
  const event = parseOrReject(eventEnvelope, raw, "event");
  const object = event.data.object;
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return checkoutPaid(event.id, event.type, parseOrReject(checkoutSession, object, event.type));
    case "checkout.session.expired": {
      const session = parseOrReject(checkoutSession, object, event.type);
      const orderId = orderIdOf(session);
      if (orderId === null) return { id: event.id, type: "ignored", providerType: event.type };
      return { id: event.id, type: "checkout.expired", sessionId: session.id, orderId };
    }
    case "charge.refunded": {
      const refunded = parseOrReject(charge, object, event.type);
      return {
        id: event.id,
        type: "payment.refunded",
        // Every checkout of this platform has a payment intent; a bare charge
        // (made outside Checkout) is still reported, by its own id.
        paymentRef: refunded.payment_intent ?? refunded.id,
        // Stripe lists newest first, so the first refund is the one that caused this event.
        refundRef: refunded.refunds?.data[0]?.id ?? refunded.id,
        amountMinor: refunded.amount_refunded,
      };
    }
    case "account.updated": {
      const updated = parseOrReject(account, object, event.type);
      return { id: event.id, type: "account.updated", accountId: updated.id, payoutsEnabled: updated.payouts_enabled === true };
    }
    default:
      return { id: event.id, type: "ignored", providerType: event.type };
  }
}

type Session = z.output<typeof checkoutSession>;

function checkoutPaid(id: string, providerType: string, session: Session): NormalizedPaymentEvent {
  const orderId = orderIdOf(session);
  // "unpaid" completions (bank debits still clearing) are followed by
  // async_payment_succeeded; sessions without our order id are not ours.
  if (session.payment_status !== "paid" || orderId === null) return { id, type: "ignored", providerType };
  if (!session.payment_intent || session.amount_total == null || !session.currency) {
    throw new AppError("BAD_REQUEST", `The ${providerType} event has no payment intent, amount or currency`);
  }
  return {
    id,
    type: "checkout.paid",
    sessionId: session.id,
    orderId,
    paymentRef: session.payment_intent,
    amountMinor: session.amount_total,
    currency: session.currency.toLowerCase(),
  };
}

function orderIdOf(session: Session): string | null {
  return session.metadata?.orderId ?? session.client_reference_id ?? null;
}

function parseOrReject<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const where = result.error.issues.map((issue) => issue.path.join(".") || "body").join(", ");
    throw new AppError("BAD_REQUEST", `The webhook body is not a valid Stripe ${what} (${where})`);
  }
  return result.data;
}
