import { NextResponse } from "next/server";
import { readBodyText, route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { applyPaymentEvent } from "@/lib/orders/apply-payment-event";
import { paymentProvider } from "@/lib/payments/select-provider";

// The payment provider's events: Stripe's webhook, or the local test-payment
// page's signed events. No session and no API key: the signature over the raw
// body is the authentication, so the body is read as text, never parsed before
// the provider has verified it. applyPaymentEvent stores each event by id with
// its effect, so a redelivered event answers 200 with duplicate: true and
// changes nothing. A bad or missing signature is a 400 naming the problem (the
// provider does not retry it); anything that fails after verification is a 5xx
// or 409, which the provider retries.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Largest event accepted; Stripe's events are a few KB. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

export const POST = route(async (req) => {
  const provider = paymentProvider();
  const header = provider.webhookSignatureHeader;
  const rawBody = await readBodyText(req, MAX_WEBHOOK_BYTES);
  const signature = req.headers.get(header);
  let event;
  try {
    event = provider.parseWebhook(rawBody, signature);
  } catch (err) {
    // Name what was wrong: the signature header (missing or not matching) or the body.
    if (err instanceof AppError && err.code === "BAD_REQUEST") {
      const field = !signature || /signature|header/i.test(err.message) ? header : "body";
      throw new AppError("BAD_REQUEST", err.message, { [field]: err.message });
    }
    throw err;
  }
  const outcome = await applyPaymentEvent({ db: db(), provider: provider.name, event });
  return NextResponse.json({ received: true, duplicate: outcome.duplicate }, { headers: { "Cache-Control": "no-store" } });
});
