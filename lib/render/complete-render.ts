import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { applyOrderTransition } from "@/lib/orders/apply-order-transition";
import { bookDeliverySplitInTx } from "@/lib/orders/book-delivery-split";
import type { MarkedFile } from "@/lib/outputs/mark-rendered-file";
import { registerOutputInTx } from "@/lib/outputs/register-output";
import { queueOrderWebhookInTx } from "@/lib/studio-webhooks/queue-order-webhook";
import { RenderStoppedError } from "./render-errors";
import { advanceStages, parseStages, type StageProgress } from "./stages";

/**
 * The last step of a render, in one transaction: the job is marked succeeded
 * (only if it is still this worker's running job), the output is registered
 * with its signed manifest (one per order: a unique index), and the order moves
 * to the talent's review or straight to delivery, where the money is split in
 * the ledger and payouts are queued. Registration refuses if the license or
 * consent was revoked meanwhile; the caller then removes the stored file.
 */
export async function completeRender(opts: {
  db: Db;
  renderJobId: string;
  workerId: string;
  orderId: string;
  marked: MarkedFile;
  blobKey: string;
  byteSize: number;
  modelId: string;
  inputHashes: Array<{ role: string; hash: string }>;
  /** The stages as the worker recorded them, so their start and end times survive the last write (default: as stored). */
  stages?: StageProgress[];
  now?: Date;
}): Promise<{ outputId: string; status: "in_review" | "delivered" }> {
  const { db } = opts;
  const now = opts.now ?? new Date();
  return db.$transaction(async (tx) => {
    const stored = await tx.renderJob.findUniqueOrThrow({ where: { id: opts.renderJobId }, select: { stages: true } });
    const stages = opts.stages ?? parseStages(stored.stages);
    const done = await tx.renderJob.updateMany({
      where: { id: opts.renderJobId, status: "running", workerId: opts.workerId },
      // Every stage complete, written here: the reporter's last beat no longer matches a running job.
      data: {
        status: "succeeded",
        finishedAt: now,
        progress: 1,
        etaSeconds: 0,
        stage: "sign",
        stages: advanceStages(stages, "sign", 1, now),
        heartbeatAt: now,
      },
    });
    if (done.count === 0) throw new RenderStoppedError("The render was cancelled or handed to another worker before delivery.");
    const order = await tx.order.findUniqueOrThrow({ where: { id: opts.orderId } });
    const output = await registerOutputInTx(tx, {
      actor: null,
      now,
      input: {
        requestId: order.requestId,
        outputSha256: opts.marked.outputSha256,
        payloadHex: opts.marked.payloadHex,
        mimeType: opts.marked.mimeType,
        modelId: opts.modelId,
        // The request's target footage is listed by registration itself; here the unwatermarked render.
        inputHashes: [{ role: "render", hash: opts.marked.renderSha256 }, ...opts.inputHashes.filter((h) => h.role !== "target")],
        orderId: order.id,
        blobKey: opts.blobKey,
        byteSize: opts.byteSize,
      },
    });
    await appendAuditEvent(tx, {
      actor: null,
      at: now,
      action: "render.succeeded",
      subjectType: "RenderJob",
      subjectId: opts.renderJobId,
      payload: { orderId: order.id, outputId: output.id, modelId: opts.modelId, outputSha256: output.outputSha256 },
    });
    if (order.reviewRequired) {
      await applyOrderTransition(tx, {
        orderId: order.id,
        from: "rendering",
        event: "rendered_for_review",
        actor: null,
        at: now,
        payload: { outputId: output.id },
      });
      return { outputId: output.id, status: "in_review" as const };
    }
    await applyOrderTransition(tx, {
      orderId: order.id,
      from: "rendering",
      event: "deliver",
      actor: null,
      at: now,
      data: { deliveredAt: now },
      payload: { outputId: output.id },
    });
    await bookDeliverySplitInTx(tx, { orderId: order.id, now });
    await queueOrderWebhookInTx(tx, { orderId: order.id, event: "order.delivered" });
    return { outputId: output.id, status: "delivered" as const };
  });
}
