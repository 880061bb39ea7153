import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { cancelOrdersOfRequestsInTx } from "@/lib/orders/cancel-orders";
import { applyTransition } from "./apply-transition";
import { loadStudioRequest } from "./load-studio-request";
import type { RequestStatus } from "./state-machine";

/**
 * A studio member withdraws one of the studio's requests that is still open.
 * An approved request's order is cancelled with it (its render stops and its
 * payment is refunded) unless the output has been delivered.
 */
export async function withdrawRequest(opts: { db: Db; actor: Actor; meta: RequestMeta; requestId: string; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const studioId = requireStudio(actor);
  return db.$transaction(async (tx) => {
    const row = await loadStudioRequest(tx, studioId, opts.requestId);
    const order = await tx.order.findUnique({ where: { requestId: row.id }, select: { status: true } });
    if (order?.status === "delivered")
      throw new AppError("CONFLICT", "The output of this request has been delivered; it can no longer be withdrawn.");
    const status = await applyTransition(tx, {
      requestId: row.id,
      from: row.status as RequestStatus,
      event: "withdraw",
      actor,
      meta,
      at: now,
      data: { closedReason: "Withdrawn by the studio" },
    });
    await cancelOrdersOfRequestsInTx(tx, { requestIds: [row.id], actor, meta, reason: "The studio withdrew the request.", at: now });
    return { requestId: row.id, status };
  });
}
