import type { Tx } from "@/lib/db/client";
import { enqueueInTx, QUEUES } from "@/lib/jobs/job-queue";

/**
 * Queues the refund of a paid order in the caller's transaction. The refund
 * itself talks to the payment provider, which must not happen inside a
 * database transaction; the job (lib/orders/refund-order.ts) is retried until
 * the provider answers, and refunds at most once (idempotency key + ledger).
 */
export async function queueRefundInTx(tx: Tx, opts: { orderId: string; reason: string }): Promise<void> {
  await enqueueInTx(tx, QUEUES.refund, { orderId: opts.orderId, reason: opts.reason });
}
