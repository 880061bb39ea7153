import { notFound, redirect } from "next/navigation";
import { getActor } from "@/app/_lib/actor";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { orderByCheckoutSession, type getOrder } from "@/lib/orders/read-orders";
import { paymentProvider } from "@/lib/payments/select-provider";

// The local test-payment page stands in for Stripe Checkout while
// STRIPE_SECRET_KEY is unset. Only a signed-in member of the studio that
// placed the order sees it; anyone else, an unknown or superseded session and
// every session while Stripe is configured get the 404 page, so session ids
// reveal nothing.

const SESSION_ID = /^lcs_[0-9a-f]{24}$/;

export const testCheckoutPath = (sessionId: string) => `/pay/test/${encodeURIComponent(sessionId)}`;

export async function loadTestCheckout(sessionId: string): Promise<{ actor: Actor; order: Awaited<ReturnType<typeof getOrder>>["order"] }> {
  if (paymentProvider().name !== "local" || !SESSION_ID.test(sessionId)) notFound();
  const actor = await getActor();
  // This page is outside the signed-in areas the proxy guards, so it sends the visitor to sign in itself.
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(testCheckoutPath(sessionId))}`);
  if (actor.role !== "STUDIO" || !actor.studioId) notFound();
  try {
    return { actor, order: await orderByCheckoutSession({ db: db(), actor, sessionId }) };
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}

/** Whether the order still waits for this checkout: unpaid, not cancelled, and the session not expired. */
export function checkoutState(
  order: { status: string; paymentStatus: string; checkoutExpiresAt: Date | null },
  now = new Date(),
): "open" | "paid" | "closed" | "expired" {
  if (order.paymentStatus !== "unpaid") return "paid";
  if (order.status !== "awaiting_payment") return "closed";
  if (order.checkoutExpiresAt && order.checkoutExpiresAt.getTime() <= now.getTime()) return "expired";
  return "open";
}
