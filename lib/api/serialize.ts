import type { getCatalogProfile, listCatalog } from "@/lib/offers/catalog";
import type { getRequest, listStudioRequests } from "@/lib/requests/read-requests";
import { PROHIBITED_USES } from "@/lib/licensing/vocabulary";
import { STATUS_LABELS, type RequestStatus } from "@/lib/requests/state-machine";
import type { TApiCatalogPage, TApiRequest, TApiRequestDetail, TApiTalent, TApiUpload } from "./types";

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
    items: page.items.map((p) => ({
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
  const reasons = Array.isArray(r.policyReasons) ? (r.policyReasons as { code: string; message: string; field?: string }[]) : [];
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
