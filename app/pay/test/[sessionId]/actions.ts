"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/app/_lib/action-result";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { applyPaymentEvent } from "@/lib/orders/apply-payment-event";
import { localCheckoutEvent, signLocalEvent } from "@/lib/payments/local-provider";
import { localPaymentSecret, paymentProvider } from "@/lib/payments/select-provider";
import { checkoutState, loadTestCheckout } from "./load-test-checkout";

/**
 * "Pay" on the test-payment page: the page plays Stripe's part. It signs the
 * checkout.paid event the local provider would send, and from the provider
 * boundary on runs exactly what the webhook runs (parseWebhook verifies and
 * normalizes it, applyPaymentEvent books it once by event id and queues the
 * render), then shows the order. Pressing twice sends the same event, which
 * changes nothing the second time.
 */
export async function payTestCheckout(_: ActionState, form: FormData) {
  return runAction(async () => {
    const sessionId = String(form.get("sessionId") ?? "");
    const { order } = await loadTestCheckout(sessionId);
    const state = checkoutState(order);
    if (state === "paid") redirect(`/studio/orders/${order.id}`);
    if (state === "closed") throw new AppError("CONFLICT", "This order was cancelled; it can no longer be paid.");
    if (state === "expired") throw new AppError("CONFLICT", "This checkout has expired. Go back to the request and choose Pay again.");

    const secret = localPaymentSecret();
    const signed = signLocalEvent(
      secret,
      localCheckoutEvent(secret, {
        outcome: "paid",
        sessionId,
        orderId: order.id,
        amountMinor: order.amountMinor,
        currency: order.currency,
      }),
    );
    const provider = paymentProvider();
    const event = provider.parseWebhook(signed.body, signed.signature);
    await applyPaymentEvent({ db: db(), provider: "local", event });
    redirect(`/studio/orders/${order.id}?paid=1`);
  });
}
