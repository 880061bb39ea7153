import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import { notFound, parseInput } from "@/lib/errors";
import { quotePrice } from "@/lib/offers/offer-usage";
import { loadOwnUpload } from "@/lib/studios/studio-uploads";
import { applyTransition } from "./apply-transition";
import { evaluateStoredRequest } from "./evaluate-request";
import { loadStudioRequest } from "./load-studio-request";
import type { RequestStatus } from "./state-machine";
import { ZCreateRequest, type TCreateRequest } from "./types";

const POLICY_EVENT = { deny: "policy_deny", needs_approval: "policy_needs_approval", allow: "policy_allow" } as const;

/**
 * Submits a draft: the policy engine decides at once, and the request moves to
 * rejected_by_policy (with every reason), pending_approval, or approved (an
 * offer with automatic approval). Runs inside the caller's transaction.
 */
export async function submitInTx(tx: Tx, opts: { requestId: string; actor: Actor; meta: RequestMeta; now: Date }) {
  const { requestId, actor, meta, now } = opts;
  const row = await tx.swapRequest.findUniqueOrThrow({ where: { id: requestId } });
  await applyTransition(tx, {
    requestId,
    from: row.status as RequestStatus,
    event: "submit",
    actor,
    meta,
    at: now,
    data: { submittedAt: now },
  });
  const decision = await evaluateStoredRequest(tx, row, now);
  const reasons = decision.reasons.map((r) => ({ ...r }));
  const status = await applyTransition(tx, {
    requestId,
    from: "submitted",
    event: POLICY_EVENT[decision.outcome],
    actor: null, // the policy engine decides, not the studio
    at: now,
    data: {
      policyOutcome: decision.outcome,
      policyReasons: reasons,
      ...(decision.outcome === "allow" ? { decidedAt: now, decisionNote: "Approved automatically under the offer's terms." } : {}),
    },
    payload: { outcome: decision.outcome, reasons: reasons.map((r) => r.code) },
  });
  return { status, decision };
}

/** A studio creates a swap request against an offer and (by default) submits it. */
export async function createRequest(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  input: TCreateRequest;
  submit?: boolean;
  now?: Date;
}) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const studioId = requireStudio(actor);
  const input = parseInput(ZCreateRequest, opts.input);
  const offer = await db.licenseOffer.findUnique({ where: { id: input.offerId } });
  if (!offer) throw notFound("License offer");
  if (input.targetUploadId) await loadOwnUpload(db, studioId, input.targetUploadId, "TARGET_FOOTAGE", "targetUploadId");
  if (input.releaseUploadId) await loadOwnUpload(db, studioId, input.releaseUploadId, "RELEASE", "releaseUploadId");
  return db.$transaction(async (tx) => {
    const request = await tx.swapRequest.create({
      data: {
        studioId,
        offerId: offer.id,
        profileId: offer.profileId,
        createdById: actor.userId,
        title: input.title,
        category: input.category,
        contentDeclarations: input.contentDeclarations,
        topics: input.topics,
        territories: input.territories,
        channels: input.channels,
        campaignStart: input.campaignStart,
        campaignEnd: input.campaignEnd,
        outputSeconds: input.outputSeconds,
        intendedUse: input.intendedUse,
        targetUploadId: input.targetUploadId ?? null,
        releaseUploadId: input.releaseUploadId ?? null,
        priceMinor: quotePrice(offer, input.outputSeconds),
        currency: offer.currency,
      },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: "request.created",
      subjectType: "SwapRequest",
      subjectId: request.id,
      payload: { offerId: offer.id, profileId: offer.profileId, category: input.category, outputSeconds: input.outputSeconds },
    });
    if (opts.submit === false) return { request, decision: null };
    const { decision } = await submitInTx(tx, { requestId: request.id, actor, meta, now });
    return { request: await tx.swapRequest.findUniqueOrThrow({ where: { id: request.id } }), decision };
  });
}

/** Submits a draft the studio saved earlier. */
export async function submitRequest(opts: { db: Db; actor: Actor; meta: RequestMeta; requestId: string; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const studioId = requireStudio(actor);
  return db.$transaction(async (tx) => {
    const row = await loadStudioRequest(tx, studioId, opts.requestId);
    const { decision } = await submitInTx(tx, { requestId: row.id, actor, meta, now });
    return { request: await tx.swapRequest.findUniqueOrThrow({ where: { id: row.id } }), decision };
  });
}
