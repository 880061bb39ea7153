import type { Tx } from "@/lib/db/client";
import { enqueueInTx, QUEUES } from "@/lib/jobs/job-queue";
import type { WebhookEvent } from "./events";

/**
 * In the transaction that delivers or fails an order: when the order's studio
 * has an active webhook, records a pending delivery of the event and queues
 * its job (lib/studio-webhooks/deliver-studio-webhook.ts), so the event is
 * sent if and only if the change commits. Returns the delivery's id, or null
 * when the studio has no webhook.
 */
export async function queueOrderWebhookInTx(tx: Tx, opts: { orderId: string; event: WebhookEvent }): Promise<string | null> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: opts.orderId }, select: { studioId: true } });
  const webhook = await tx.studioWebhook.findUnique({ where: { studioId: order.studioId }, select: { id: true, disabledAt: true } });
  if (!webhook || webhook.disabledAt) return null;
  // An order reaches delivered or failed once (both are final); the unique index is the backstop.
  const key = { webhookId_orderId_event: { webhookId: webhook.id, orderId: opts.orderId, event: opts.event } };
  const existing = await tx.studioWebhookDelivery.findUnique({ where: key, select: { id: true } });
  if (existing) return existing.id;
  const delivery = await tx.studioWebhookDelivery.create({ data: { webhookId: webhook.id, orderId: opts.orderId, event: opts.event } });
  await enqueueInTx(tx, QUEUES.studioWebhook, { deliveryId: delivery.id });
  return delivery.id;
}
