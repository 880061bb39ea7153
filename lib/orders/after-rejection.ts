import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import { renderConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { queueRenderInTx } from "@/lib/render/queue-render";
import { applyOrderTransition } from "./apply-order-transition";
import { cancelOrderInTx } from "./cancel-orders";
import { ZAfterRejection, type TAfterRejection } from "./types";

/**
 * After the talent rejected the output, the studio chooses: a new render
 * (training continues from the order's checkpoint for another
 * LIKENESS_RENDER_STEPS steps, so the new output is not the same model again)
 * or its money back (the order is cancelled and refunded).
 */
export async function chooseAfterRejection(opts: { db: Db; actor: Actor; meta: RequestMeta; input: TAfterRejection; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const studioId = requireStudio(actor);
  const input = parseInput(ZAfterRejection, opts.input);
  return db.$transaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { id: input.orderId } });
    if (!order || order.studioId !== studioId) throw notFound("Order");
    if (order.status !== "review_rejected")
      throw new AppError("CONFLICT", "Only an order whose output the talent rejected can be re-rendered or refunded this way.");
    if (input.choice === "refund") {
      await cancelOrderInTx(tx, {
        orderId: order.id,
        actor,
        meta,
        reason: "The talent rejected the output and the studio asked for a refund.",
        at: now,
      });
      return { orderId: order.id, status: "cancelled" as const };
    }
    await applyOrderTransition(tx, { orderId: order.id, from: "review_rejected", event: "rerender", actor, meta, at: now });
    const previous = await tx.renderJob.findFirst({
      where: { orderId: order.id },
      orderBy: { createdAt: "desc" },
      select: { steps: true },
    });
    const jobId = await queueRenderInTx(tx, { orderId: order.id, actor, meta, now, steps: (previous?.steps ?? 0) + renderConfig().steps });
    return { orderId: order.id, status: "rendering" as const, renderJobId: jobId };
  });
}
