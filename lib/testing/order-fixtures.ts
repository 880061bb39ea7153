import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { applyPaymentEvent, type PaymentEventOutcome } from "@/lib/orders/apply-payment-event";
import { startCheckout } from "@/lib/orders/start-checkout";
import { createLocalProvider, localCheckoutEvent, signLocalEvent } from "@/lib/payments/local-provider";
import type { PaymentProviderApi } from "@/lib/payments/types";
import { TEST_META } from "./builders";

// Paying for orders in tests and benchmarks the way the test-payment page
// does: the local provider's signed "paid" event, verified at the provider
// boundary and applied by the same code as the webhook.

export type LocalPayments = { secret: string; provider: PaymentProviderApi };

export function localPayments(secret: string): LocalPayments {
  return { secret, provider: createLocalProvider({ secret, baseUrl: "http://localhost:3000" }) };
}

/** Pays an order whose checkout is open, through the provider boundary; returns the outcome. */
export async function payOrder(db: Db, payments: LocalPayments, orderId: string): Promise<PaymentEventOutcome> {
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
  const event = localCheckoutEvent(payments.secret, {
    outcome: "paid",
    sessionId: order.checkoutSessionId!,
    orderId,
    amountMinor: order.amountMinor,
    currency: order.currency,
  });
  const { body, signature } = signLocalEvent(payments.secret, event);
  return applyPaymentEvent({ db, provider: "local", event: payments.provider.parseWebhook(body, signature) });
}

/** The studio starts the checkout of an approved request and pays it; returns the order id. */
export async function checkoutAndPay(db: Db, payments: LocalPayments, studio: Actor, requestId: string): Promise<string> {
  const { orderId } = await startCheckout({ db, actor: studio, meta: TEST_META, requestId, provider: payments.provider });
  await payOrder(db, payments, orderId);
  return orderId;
}
