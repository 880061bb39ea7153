import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { AuditAction } from "@/lib/audit/types";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { transition, type RequestEvent, type RequestStatus } from "./state-machine";

/**
 * Moves a request along the state machine: refuses illegal transitions, updates
 * only if the status is still the one read (so a concurrent change cannot be
 * overwritten), and writes the audit event in the same transaction.
 */
export async function applyTransition(
  tx: Tx,
  opts: {
    requestId: string;
    from: RequestStatus;
    event: RequestEvent;
    actor: Actor | null;
    meta?: RequestMeta;
    at: Date;
    data?: Prisma.SwapRequestUpdateManyMutationInput;
    payload?: Record<string, unknown>;
  },
): Promise<RequestStatus> {
  const to = transition(opts.from, opts.event);
  const updated = await tx.swapRequest.updateMany({
    where: { id: opts.requestId, status: opts.from },
    data: { ...opts.data, status: to },
  });
  if (updated.count === 0) throw new AppError("CONFLICT", "This request changed while you were looking at it; reload and try again.");
  await appendAuditEvent(tx, {
    actor: opts.actor,
    meta: opts.meta,
    at: opts.at,
    action: `request.${to}` as AuditAction,
    subjectType: "SwapRequest",
    subjectId: opts.requestId,
    payload: { from: opts.from, to, event: opts.event, ...opts.payload },
  });
  return to;
}
