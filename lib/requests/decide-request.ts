import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadManagedProfile, requireRole } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { applyTransition } from "./apply-transition";
import { evaluateStoredRequest } from "./evaluate-request";
import type { RequestStatus } from "./state-machine";
import { ZDecideRequest, type TDecideRequest } from "./types";

/**
 * The talent, estate or representing agent approves or rejects a request that
 * awaits approval. Approval asks the policy engine again first: consent or
 * quotas may have changed since the request was submitted.
 */
export async function decideRequest(opts: { db: Db; actor: Actor; meta: RequestMeta; input: TDecideRequest; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  requireRole(actor, ["TALENT", "ESTATE", "AGENT"]);
  const input = parseInput(ZDecideRequest, opts.input);
  return db.$transaction(async (tx) => {
    const row = await tx.swapRequest.findUnique({ where: { id: input.requestId } });
    if (!row) throw notFound("Request");
    await loadManagedProfile(tx, actor, row.profileId);
    if (input.decision === "approve") {
      const decision = await evaluateStoredRequest(tx, row, now);
      if (decision.outcome === "deny") {
        throw new AppError(
          "CONFLICT",
          `This request can no longer be approved: ${decision.reasons.map((r) => r.message).join(" ")} Reject it with a note instead.`,
        );
      }
    }
    const status = await applyTransition(tx, {
      requestId: row.id,
      from: row.status as RequestStatus,
      event: input.decision,
      actor,
      meta,
      at: now,
      data: { decisionNote: input.note || null, decidedById: actor.userId, decidedAt: now },
      payload: { note: input.note },
    });
    return { requestId: row.id, status };
  });
}
