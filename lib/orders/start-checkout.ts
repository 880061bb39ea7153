import { randomBytes } from "node:crypto";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { publicBaseUrl } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { paymentProvider } from "@/lib/payments/select-provider";
import type { PaymentProviderApi } from "@/lib/payments/types";
import { loadStudioRequest } from "@/lib/requests/load-studio-request";
import { markOrderPaid } from "./mark-order-paid";

export type StartCheckoutResult = { orderId: string; checkoutUrl: string; alreadyPaid: boolean };

/**
 * The studio clicks "Pay" on an approved request: the order is created (once
 * per request), and a checkout session with the provider (Stripe Checkout, or
 * the local test-payment page) is opened for the price the request was quoted.
 * A second click while a session is open returns the same session; an order
 * already paid answers with its own page instead of a second charge. A free
 * request (price 0) is paid at once and goes straight to rendering.
 */
export async function startCheckout(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  requestId: string;
  provider?: PaymentProviderApi;
  now?: Date;
}): Promise<StartCheckoutResult> {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const studioId = requireStudio(actor);
  const provider = opts.provider ?? paymentProvider();
  const orderPage = (id: string) => `${publicBaseUrl()}/studio/orders/${id}`;

  const order = await db.$transaction(async (tx) => {
    const request = await loadStudioRequest(tx, studioId, opts.requestId);
    const existing = await tx.order.findUnique({ where: { requestId: request.id } });
    if (existing) return existing;
    if (request.status !== "approved") {
      throw new AppError("CONFLICT", `Only an approved request can be paid; this one is ${request.status.replaceAll("_", " ")}.`);
    }
    const offer = await tx.licenseOffer.findUniqueOrThrow({ where: { id: request.offerId }, select: { reviewOutputs: true } });
    const created = await tx.order.create({
      data: {
        requestId: request.id,
        studioId,
        profileId: request.profileId,
        offerId: request.offerId,
        createdById: actor.userId,
        amountMinor: request.priceMinor,
        currency: request.currency,
        provider: provider.name,
        reviewRequired: offer.reviewOutputs,
        createdAt: now,
      },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: "order.created",
      subjectType: "Order",
      subjectId: created.id,
      payload: {
        requestId: request.id,
        amountMinor: created.amountMinor,
        currency: created.currency,
        provider: provider.name,
        reviewRequired: offer.reviewOutputs,
      },
    });
    return created;
  });

  if (order.paymentStatus !== "unpaid" || order.status !== "awaiting_payment") {
    if (order.status === "cancelled") throw new AppError("CONFLICT", "This order was cancelled; it cannot be paid.");
    return { orderId: order.id, checkoutUrl: orderPage(order.id), alreadyPaid: true };
  }
  if (order.checkoutUrl && order.checkoutExpiresAt && order.checkoutExpiresAt.getTime() > now.getTime() + 60_000) {
    return { orderId: order.id, checkoutUrl: order.checkoutUrl, alreadyPaid: false };
  }
  if (order.amountMinor === 0) {
    await markOrderPaid({
      db,
      orderId: order.id,
      provider: order.provider,
      paymentRef: `free_${order.id}`,
      amountMinor: 0,
      currency: order.currency,
      actor,
      meta,
      now,
    });
    return { orderId: order.id, checkoutUrl: orderPage(order.id), alreadyPaid: true };
  }
  if (order.provider !== provider.name) {
    throw new AppError("CONFLICT", `This order was started with the ${order.provider} payment provider, which is no longer configured.`);
  }

  const session = await provider.createCheckout({
    orderId: order.id,
    amountMinor: order.amountMinor,
    currency: order.currency,
    description: `Licensed face swap — order ${order.id}`,
    customerEmail: actor.email,
    successUrl: `${orderPage(order.id)}?paid=1`,
    cancelUrl: `${publicBaseUrl()}/studio/requests/${order.requestId}?payment=cancelled`,
    idempotencyKey: `checkout:${order.id}:${randomBytes(6).toString("hex")}`,
  });
  // Conditional: of two concurrent clicks one session wins; the other is never shown and expires unpaid.
  return db.$transaction(async (tx) => {
    const updated = await tx.order.updateMany({
      where: { id: order.id, status: "awaiting_payment", paymentStatus: "unpaid", checkoutSessionId: order.checkoutSessionId },
      data: { checkoutSessionId: session.sessionId, checkoutUrl: session.url, checkoutExpiresAt: session.expiresAt },
    });
    if (updated.count === 0) {
      const now2 = await tx.order.findUniqueOrThrow({ where: { id: order.id } });
      return { orderId: order.id, checkoutUrl: now2.checkoutUrl ?? orderPage(order.id), alreadyPaid: now2.paymentStatus !== "unpaid" };
    }
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: "payment.checkout_started",
      subjectType: "Order",
      subjectId: order.id,
      payload: {
        provider: provider.name,
        sessionId: session.sessionId,
        amountMinor: order.amountMinor,
        currency: order.currency,
        expiresAt: session.expiresAt.toISOString(),
      },
    });
    return { orderId: order.id, checkoutUrl: session.url, alreadyPaid: false };
  });
}
