import type { getCatalogProfile, listCatalog } from "@/lib/offers/catalog";
import { readPolicyReasons } from "@/lib/licensing/stored-policy-reasons";
import { RENDER_ATTEMPTS } from "@/lib/jobs/job-queue";
import type { getOrder, listStudioOrders } from "@/lib/orders/read-orders";
import { ORDER_STATUS_LABELS, type OrderStatus } from "@/lib/orders/state-machine";
import { RENDER_STAGE_LABELS, RENDER_STAGES, type RenderStageName } from "@/lib/render/stages";
import type { getRequest, listStudioRequests } from "@/lib/requests/read-requests";
import { PROHIBITED_USES } from "@/lib/licensing/vocabulary";
import { STATUS_LABELS, type RequestStatus } from "@/lib/requests/state-machine";
import type { TApiCatalogPage, TApiOrder, TApiOrderDetail, TApiRequest, TApiRequestDetail, TApiTalent, TApiUpload } from "./types";
import { LOG_LEVELS } from "./types";

// What the studio API answers, field by field. Rows are copied explicitly, so
// that columns added later (blob keys, wrapped keys, secret hashes, internal
// user ids) never leak into a response by accident.

type Loose<T> = { [K in keyof T]: unknown };
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function apiCatalogPage(page: Awaited<ReturnType<typeof listCatalog>>): TApiCatalogPage {
  // Catalog items are already the studio-facing projection, field by field
  // (lib/offers/catalog.ts); only the dates change form.
  return {
    nextCursor: page.nextCursor,
    // The face summary (portrait preview, pose coverage) is for the catalog pages; the API does not document it yet.
    items: page.items.map(({ face: _face, ...p }) => ({
      ...p,
      offers: p.offers.map((o) => ({ ...o, termEnd: o.termEnd.toISOString() })),
    })) satisfies Loose<TApiCatalogPage["items"][number]>[],
  } as TApiCatalogPage;
}

export function apiTalent(profile: Awaited<ReturnType<typeof getCatalogProfile>>): TApiTalent {
  return {
    id: profile.id,
    displayName: profile.displayName,
    bio: profile.bio,
    deceased: profile.deceased,
    consentScopes: profile.consentScopes,
    offers: profile.offers.map((o) => ({
      id: o.id,
      title: o.title,
      description: o.description,
      allowedCategories: o.allowedCategories,
      excludedTopics: o.extraExclusions,
      prohibitedUses: [...PROHIBITED_USES],
      territories: o.territories,
      channels: o.channels,
      termStart: o.termStart.toISOString(),
      termEnd: o.termEnd.toISOString(),
      maxRenders: o.maxRenders,
      maxOutputSeconds: o.maxOutputSeconds,
      rendersLeft: o.rendersLeft,
      secondsLeft: o.secondsLeft,
      flatFeeMinor: o.flatFeeMinor,
      perSecondMinor: o.perSecondMinor,
      currency: o.currency,
      approvalMode: o.approvalMode,
      disclosureText: o.disclosureText,
    })),
  } satisfies Loose<TApiTalent> as TApiTalent;
}

export function apiUpload(u: {
  id: string;
  kind: string;
  mimeType: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  sha256: string;
  originalName: string;
  createdAt: Date;
}): TApiUpload {
  return {
    id: u.id,
    kind: u.kind,
    mimeType: u.mimeType,
    byteSize: u.byteSize,
    width: u.width,
    height: u.height,
    sha256: u.sha256,
    originalName: u.originalName,
    createdAt: u.createdAt.toISOString(),
  } satisfies Loose<TApiUpload> as TApiUpload;
}

type RequestRow = Awaited<ReturnType<typeof listStudioRequests>>["items"][number];

export function apiRequest(r: RequestRow): TApiRequest {
  const reasons = readPolicyReasons(r.policyReasons);
  return {
    id: r.id,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as RequestStatus],
    title: r.title,
    offerId: r.offerId,
    offerTitle: r.offer.title,
    talent: { id: r.profile.id, displayName: r.profile.displayName },
    category: r.category,
    contentDeclarations: r.contentDeclarations,
    topics: r.topics,
    territories: r.territories,
    channels: r.channels,
    campaignStart: r.campaignStart.toISOString(),
    campaignEnd: r.campaignEnd.toISOString(),
    outputSeconds: r.outputSeconds,
    intendedUse: r.intendedUse,
    targetUploadId: r.targetUploadId,
    releaseUploadId: r.releaseUploadId,
    performerId: r.performerId,
    priceMinor: r.priceMinor,
    currency: r.currency,
    policyOutcome: r.policyOutcome,
    policyReasons: reasons.map((x) => ({ code: x.code, message: x.message, ...(x.field ? { field: x.field } : {}) })),
    decisionNote: r.decisionNote,
    decidedAt: iso(r.decidedAt),
    submittedAt: iso(r.submittedAt),
    closedReason: r.closedReason,
    disclosureText: r.offer.disclosureText,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  } satisfies Loose<TApiRequest> as TApiRequest;
}

export function apiRequestDetail(result: Awaited<ReturnType<typeof getRequest>>): TApiRequestDetail {
  return {
    ...apiRequest(result.request),
    // Who acted is shown by role only: a studio does not see the talent side's emails.
    history: result.history.map((h) => ({ at: h.at.toISOString(), action: h.action, actorRole: h.actorRole })),
  };
}

type OrderRow = Awaited<ReturnType<typeof listStudioOrders>>["items"][number];

export function apiOrder(o: OrderRow): TApiOrder {
  return {
    id: o.id,
    status: o.status,
    statusLabel: ORDER_STATUS_LABELS[o.status as OrderStatus],
    paymentStatus: o.paymentStatus,
    amountMinor: o.amountMinor,
    currency: o.currency,
    requestId: o.request.id,
    requestTitle: o.request.title,
    talent: { id: o.profile.id, displayName: o.profile.displayName },
    offerId: o.offer.id,
    offerTitle: o.offer.title,
    reviewRequired: o.reviewRequired,
    paidAt: iso(o.paidAt),
    refundedAt: iso(o.refundedAt),
    deliveredAt: iso(o.deliveredAt),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  } satisfies Loose<TApiOrder> as TApiOrder;
}

const stageName = (s: string | null): RenderStageName | null =>
  s && RENDER_STAGES.includes(s as RenderStageName) ? (s as RenderStageName) : null;
const logLevel = (l: string) => (LOG_LEVELS.includes(l as (typeof LOG_LEVELS)[number]) ? (l as (typeof LOG_LEVELS)[number]) : "info");

/**
 * One order with its latest render, log, output and the ledger its viewer may
 * see: the JSON of GET /api/v1/orders/{id}, and what the order page's live
 * progress panel polls. The preview URL changes whenever the render moves on,
 * so a browser never shows a cached frame.
 */
export function apiOrderDetail(detail: Awaited<ReturnType<typeof getOrder>>): TApiOrderDetail {
  const { order: o, render: r, output } = detail;
  return {
    ...apiOrder(o),
    refundReason: o.refundReason,
    reviewNote: o.reviewNote,
    closedReason: o.closedReason,
    render: r
      ? {
          id: r.id,
          number: r.number,
          status: r.status,
          stage: stageName(r.stage),
          progress: Math.min(1, Math.max(0, r.progress)),
          etaSeconds: r.etaSeconds,
          stages: r.stages.map((s) => ({
            stage: s.stage,
            label: RENDER_STAGE_LABELS[s.stage],
            fraction: s.fraction,
            startedAt: s.startedAt,
            finishedAt: s.finishedAt,
          })),
          attempts: r.attempts,
          maxAttempts: RENDER_ATTEMPTS,
          error: r.error,
          cancelReason: r.cancelReason,
          previewUrl: r.hasPreview ? `/api/v1/orders/${encodeURIComponent(o.id)}/preview?v=${r.updatedAt.getTime()}` : null,
          startedAt: iso(r.startedAt),
          finishedAt: iso(r.finishedAt),
          updatedAt: r.updatedAt.toISOString(),
        }
      : null,
    log: detail.log.map((l) => ({ id: l.id, at: l.at.toISOString(), stage: l.stage, level: logLevel(l.level), message: l.message })),
    output: output
      ? {
          id: output.id,
          verifyCode: output.verifyCode,
          mimeType: output.mimeType,
          byteSize: output.byteSize,
          createdAt: output.createdAt.toISOString(),
          revokedAt: iso(output.revokedAt),
          revokedReason: output.revokedReason,
        }
      : null,
    // Who received a share is the talent side's business: kinds and amounts only.
    ledger: detail.ledger.map((e) => ({
      kind: e.kind,
      amountMinor: e.amountMinor,
      currency: e.currency,
      createdAt: e.createdAt.toISOString(),
    })),
  } satisfies Loose<TApiOrderDetail> as TApiOrderDetail;
}
