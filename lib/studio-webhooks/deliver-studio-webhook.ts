import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { WEBHOOK_ATTEMPTS } from "@/lib/jobs/job-queue";
import { WEBHOOK_TIMEOUT_MS, type WebhookEvent, type WebhookPayload } from "./events";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";
import { openWebhookSecret } from "./webhook-secret";
import { webhookUrlProblem } from "./webhook-url";

const MAX_ERROR_LENGTH = 500;

/** Thrown to the queue after a failed attempt, so that pg-boss retries the delivery with backoff. */
export class WebhookDeliveryError extends Error {
  override name = "WebhookDeliveryError";
}

export type DeliveryResult = {
  deliveryId: string;
  status: "delivered" | "pending" | "failed";
  attempts: number;
  statusCode: number | null;
  error: string | null;
};

/**
 * The studio-webhook job: POSTs one event to the studio's webhook URL, signed
 * with its secret (lib/studio-webhooks/signature.ts), and records the attempt.
 * A 2xx answer delivers it; anything else (another status, a redirect, which
 * is never followed, no answer within 10 s, a refused connection) is recorded
 * and thrown, so that the queue retries it; after `maxAttempts` attempts in
 * all the delivery fails for good. Delivered and failed are audited. A
 * delivery that is no longer pending (a duplicate job) is skipped; one whose
 * webhook was removed meanwhile fails without a call.
 */
export async function deliverStudioWebhook(opts: {
  db: Db;
  deliveryId: string;
  fetchImpl?: typeof fetch;
  maxAttempts?: number;
  timeoutMs?: number;
  now?: () => Date;
}): Promise<DeliveryResult | "skipped"> {
  const { db, deliveryId } = opts;
  const fetchImpl = opts.fetchImpl ?? fetch;
  const maxAttempts = opts.maxAttempts ?? WEBHOOK_ATTEMPTS;
  const clock = opts.now ?? (() => new Date());
  const delivery = await db.studioWebhookDelivery.findUnique({
    where: { id: deliveryId },
    include: { webhook: { include: { studio: { select: { id: true, wrappedDataKey: true } } } } },
  });
  if (!delivery || delivery.status !== "pending") return "skipped";
  const { webhook } = delivery;
  const subject = { subjectType: "StudioWebhook" as const, subjectId: webhook.id };
  const facts = { deliveryId, event: delivery.event, orderId: delivery.orderId };

  // Removed (or, for rows set before the rule, a URL it no longer allows): fail without calling.
  const refusal = webhook.disabledAt ? "The webhook was removed before this event was sent." : webhookUrlProblem(webhook.url);
  if (refusal) {
    const at = clock();
    const failed = await db.$transaction(async (tx) => {
      const updated = await tx.studioWebhookDelivery.updateMany({
        where: { id: deliveryId, status: "pending" },
        data: { status: "failed", lastError: refusal },
      });
      if (updated.count === 0) return false;
      await appendAuditEvent(tx, {
        actor: null,
        at,
        action: "webhook.failed",
        ...subject,
        payload: { ...facts, attempts: delivery.attempts, error: refusal },
      });
      return true;
    });
    return failed ? { deliveryId, status: "failed", attempts: delivery.attempts, statusCode: null, error: refusal } : "skipped";
  }

  // Claim the attempt first: a worker that dies mid-call still counts it.
  const attempt = delivery.attempts + 1;
  const claimed = await db.studioWebhookDelivery.updateMany({
    where: { id: deliveryId, status: "pending", attempts: delivery.attempts },
    data: { attempts: attempt },
  });
  if (claimed.count === 0) return "skipped";

  const order = await db.order.findUniqueOrThrow({
    where: { id: delivery.orderId },
    include: { output: { select: { id: true, verifyCode: true } } },
  });
  const event = delivery.event as WebhookEvent;
  const payload: WebhookPayload = {
    id: delivery.id,
    type: event,
    createdAt: delivery.createdAt.toISOString(),
    data: {
      orderId: order.id,
      requestId: order.requestId,
      status: order.status,
      ...(event === "order.delivered" && order.output ? { outputId: order.output.id, verifyCode: order.output.verifyCode } : {}),
      ...(event === "order.failed" && order.closedReason ? { error: order.closedReason } : {}),
    },
  };
  const body = JSON.stringify(payload);
  const secret = openWebhookSecret(webhook.studio, webhook.sealedSecret);

  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetchImpl(webhook.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Likeness-Webhooks/1",
        "Likeness-Event": event,
        "Likeness-Delivery": delivery.id,
        [SIGNATURE_HEADER]: signatureHeader(secret, body, clock()),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
    });
    statusCode = res.status;
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status > 299) {
      error =
        res.status >= 300 && res.status < 400
          ? `The endpoint answered ${res.status}, a redirect (webhooks do not follow redirects).`
          : `The endpoint answered ${res.status}.`;
    }
  } catch (e) {
    error = describeFetchError(e, opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
  }

  const at = clock();
  const finalFailure = error !== null && attempt >= maxAttempts;
  const status: DeliveryResult["status"] = error === null ? "delivered" : finalFailure ? "failed" : "pending";
  await db.$transaction(async (tx) => {
    await tx.studioWebhookDelivery.update({
      where: { id: deliveryId },
      data: {
        status,
        lastStatusCode: statusCode,
        lastError: error?.slice(0, MAX_ERROR_LENGTH) ?? null,
        deliveredAt: error === null ? at : null,
      },
    });
    if (status === "delivered")
      await appendAuditEvent(tx, {
        actor: null,
        at,
        action: "webhook.delivered",
        ...subject,
        payload: { ...facts, attempts: attempt, statusCode },
      });
    if (status === "failed")
      await appendAuditEvent(tx, {
        actor: null,
        at,
        action: "webhook.failed",
        ...subject,
        payload: { ...facts, attempts: attempt, statusCode, error },
      });
  });
  if (error !== null)
    throw new WebhookDeliveryError(
      `webhook delivery ${deliveryId} (${event}, order ${order.id}) attempt ${attempt} of ${maxAttempts}: ${error}`,
    );
  return { deliveryId, status, attempts: attempt, statusCode, error };
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) return `No answer within ${timeoutMs / 1000} s.`;
  const cause = e instanceof Error ? (e.cause as { code?: string; message?: string } | undefined) : undefined;
  const why = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
  return `Could not reach the endpoint (${why}).`;
}
