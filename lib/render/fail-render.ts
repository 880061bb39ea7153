import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { applyOrderTransition } from "@/lib/orders/apply-order-transition";
import { queueRefundInTx } from "@/lib/orders/queue-refund";
import { queueOrderWebhookInTx } from "@/lib/studio-webhooks/queue-order-webhook";

/**
 * A render that cannot succeed (its last attempt failed, or an input is
 * missing): the job and the order fail with the error shown to the studio and
 * the admin, and the payment's refund is queued, all in one transaction.
 */
export async function failRenderForGood(opts: { db: Db; renderJobId: string; orderId: string; error: string; now?: Date }): Promise<void> {
  const now = opts.now ?? new Date();
  await opts.db.$transaction(async (tx) => {
    const updated = await tx.renderJob.updateMany({
      where: { id: opts.renderJobId, status: { in: ["queued", "running"] } },
      data: { status: "failed", error: opts.error, finishedAt: now },
    });
    if (updated.count === 0) return;
    await appendAuditEvent(tx, {
      actor: null,
      at: now,
      action: "render.failed",
      subjectType: "RenderJob",
      subjectId: opts.renderJobId,
      payload: { orderId: opts.orderId, error: opts.error },
    });
    const order = await tx.order.findUniqueOrThrow({ where: { id: opts.orderId } });
    if (order.status !== "rendering") return;
    await applyOrderTransition(tx, {
      orderId: order.id,
      from: "rendering",
      event: "fail",
      actor: null,
      at: now,
      data: { closedAt: now, closedReason: `The render failed: ${opts.error}` },
      payload: { error: opts.error },
    });
    await queueOrderWebhookInTx(tx, { orderId: order.id, event: "order.failed" });
    if (order.paymentStatus === "paid") await queueRefundInTx(tx, { orderId: order.id, reason: `The render failed: ${opts.error}` });
  });
}
