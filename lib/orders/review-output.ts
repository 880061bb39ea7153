import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { notFound, parseInput } from "@/lib/errors";
import { revokeOutputs } from "@/lib/outputs/revoke-outputs";
import { deleteBlob } from "@/lib/storage/blob-store";
import { queueOrderWebhookInTx } from "@/lib/studio-webhooks/queue-order-webhook";
import { applyOrderTransition } from "./apply-order-transition";
import { bookDeliverySplitInTx } from "./book-delivery-split";
import { ZReviewOutput, type TReviewOutput } from "./types";

/**
 * The talent, estate or representing agent reviews a rendered output (offers
 * with "review each output"): approval delivers it to the studio and splits the
 * money; rejection revokes the output in the registry (its file is deleted and
 * it is detached from the order, so a new render can be registered) and lets
 * the studio choose a re-render or a refund.
 */
export async function reviewOutput(opts: { db: Db; actor: Actor; meta: RequestMeta; input: TReviewOutput; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const input = parseInput(ZReviewOutput, opts.input);
  let deleteFile: string | null = null;
  const result = await db.$transaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { id: input.orderId } });
    if (!order) throw notFound("Order");
    await loadManagedProfile(tx, actor, order.profileId);
    const review = { reviewNote: input.note || null, reviewedById: actor.userId, reviewedAt: now };
    if (input.decision === "approve") {
      const status = await applyOrderTransition(tx, {
        orderId: order.id,
        from: "in_review",
        event: "approve_output",
        actor,
        meta,
        at: now,
        data: { ...review, deliveredAt: now },
        payload: { note: input.note },
      });
      await bookDeliverySplitInTx(tx, { orderId: order.id, now });
      await queueOrderWebhookInTx(tx, { orderId: order.id, event: "order.delivered" });
      return { orderId: order.id, status };
    }
    const status = await applyOrderTransition(tx, {
      orderId: order.id,
      from: "in_review",
      event: "reject_output",
      actor,
      meta,
      at: now,
      data: review,
      payload: { note: input.note },
    });
    const output = await tx.renderOutput.findUnique({ where: { orderId: order.id } });
    if (output) {
      await revokeOutputs(tx, {
        actor,
        meta,
        where: { outputId: output.id },
        reason: `Rejected in the talent's review: ${input.note}`,
        at: now,
      });
      await tx.renderOutput.update({ where: { id: output.id }, data: { orderId: null, blobKey: null } });
      deleteFile = output.blobKey;
    }
    return { orderId: order.id, status };
  });
  if (deleteFile) await deleteBlob(deleteFile);
  return result;
}
