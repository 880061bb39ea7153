import { z } from "zod";
import { ZCatalogFilter } from "@/lib/offers/types";
import { ZPage } from "@/lib/pagination";
import { ZRequestListFilter } from "@/lib/requests/types";
import { REQUEST_STATUSES } from "@/lib/requests/state-machine";
import { CHANNELS, CURRENCIES, EXCLUSION_TOPICS, PROHIBITED_USES, USE_CATEGORIES } from "@/lib/licensing/vocabulary";

// Schemas of the studio REST API (/api/v1) beyond the domain's own input
// schemas: query strings, the multipart upload form, and every response body.
// The OpenAPI document (lib/api/openapi.ts) is generated from these, and the
// serializers (lib/api/serialize.ts) are typed by them, so the document and the
// answers cannot drift apart.

/** Response schemas with a name, listed under components.schemas of the OpenAPI document. */
export const apiSchemas = z.registry<{ id: string }>();

export const ZOffersQuery = ZCatalogFilter.extend(ZPage.shape);
export type TOffersQuery = z.input<typeof ZOffersQuery>;

export const ZRequestsQuery = ZRequestListFilter.extend(ZPage.shape);
export type TRequestsQuery = z.input<typeof ZRequestsQuery>;

export const UPLOAD_KINDS = ["TARGET_FOOTAGE", "RELEASE"] as const;

/** The multipart form of POST /api/v1/uploads (the file itself is checked by content in lib/storage). */
export const ZUploadForm = z.object({
  kind: z.enum(UPLOAD_KINDS, { message: "Send kind=TARGET_FOOTAGE (video or image) or kind=RELEASE (PDF or image)" }),
  file: z.string().meta({ format: "binary", description: "The file: footage as MP4/MOV/WebM or JPEG/PNG/WebP; a release as PDF or image." }),
});

const isoDate = z.string().meta({ format: "date-time" });

export const ZApiError = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "VALIDATION, UNAUTHENTICATED, NOT_FOUND, MALFORMED_BODY, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, ILLEGAL_TRANSITION…" }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).meta({ description: "Field name → what is wrong with it" }),
    }),
  })
  .register(apiSchemas, { id: "Error" });

export const ZApiOfferSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    allowedCategories: z.array(z.enum(USE_CATEGORIES)),
    territories: z.array(z.string()).meta({ description: "ISO 3166-1 alpha-2 codes, or WW for worldwide" }),
    channels: z.array(z.enum(CHANNELS)),
    flatFeeMinor: z.number().int(),
    perSecondMinor: z.number().int(),
    currency: z.enum(CURRENCIES),
    termEnd: isoDate,
    approvalMode: z.enum(["MANUAL", "AUTO"]),
  })
  .register(apiSchemas, { id: "OfferSummary" });

export const ZApiCatalogEntry = z
  .object({
    id: z.string().meta({ description: "Talent (likeness profile) id" }),
    displayName: z.string(),
    bio: z.string(),
    deceased: z.boolean().meta({ description: "Represented by an estate that consents and approves in the talent's place" }),
    offers: z.array(ZApiOfferSummary),
  })
  .register(apiSchemas, { id: "CatalogEntry" });

export const ZApiCatalogPage = z
  .object({ items: z.array(ZApiCatalogEntry), nextCursor: z.string().nullable() })
  .register(apiSchemas, { id: "CatalogPage" });

export const ZApiOffer = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    allowedCategories: z.array(z.enum(USE_CATEGORIES)),
    excludedTopics: z.array(z.enum(EXCLUSION_TOPICS)),
    prohibitedUses: z.array(z.enum(PROHIBITED_USES)).meta({ description: "Never allowed on any offer" }),
    territories: z.array(z.string()),
    channels: z.array(z.enum(CHANNELS)),
    termStart: isoDate,
    termEnd: isoDate,
    maxRenders: z.number().int(),
    maxOutputSeconds: z.number().int(),
    rendersLeft: z.number().int(),
    secondsLeft: z.number().int(),
    flatFeeMinor: z.number().int(),
    perSecondMinor: z.number().int(),
    currency: z.enum(CURRENCIES),
    approvalMode: z.enum(["MANUAL", "AUTO"]),
    disclosureText: z.string().meta({ description: "On-screen disclosure every output carries" }),
  })
  .register(apiSchemas, { id: "Offer" });

export const ZApiTalent = z
  .object({
    id: z.string(),
    displayName: z.string(),
    bio: z.string(),
    deceased: z.boolean(),
    consentScopes: z.array(z.enum(USE_CATEGORIES)),
    offers: z.array(ZApiOffer),
  })
  .register(apiSchemas, { id: "Talent" });

export const ZApiUpload = z
  .object({
    id: z.string(),
    kind: z.enum(UPLOAD_KINDS),
    mimeType: z.string().meta({ description: "Sniffed from the content, not the file name" }),
    byteSize: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    sha256: z.string().meta({ description: "SHA-256 of the file's bytes" }),
    originalName: z.string(),
    createdAt: isoDate,
  })
  .register(apiSchemas, { id: "Upload" });

export const ZApiPolicyReason = z
  .object({ code: z.string(), message: z.string(), field: z.string().optional() })
  .register(apiSchemas, { id: "PolicyReason" });

export const ZApiRequest = z
  .object({
    id: z.string(),
    status: z.enum(REQUEST_STATUSES),
    statusLabel: z.string(),
    title: z.string(),
    offerId: z.string(),
    offerTitle: z.string(),
    talent: z.object({ id: z.string(), displayName: z.string() }),
    category: z.enum(USE_CATEGORIES),
    contentDeclarations: z.array(z.enum(PROHIBITED_USES)),
    topics: z.array(z.enum(EXCLUSION_TOPICS)),
    territories: z.array(z.string()),
    channels: z.array(z.enum(CHANNELS)),
    campaignStart: isoDate,
    campaignEnd: isoDate,
    outputSeconds: z.number().int(),
    intendedUse: z.string(),
    targetUploadId: z.string().nullable(),
    releaseUploadId: z.string().nullable(),
    priceMinor: z.number().int(),
    currency: z.string(),
    policyOutcome: z.enum(["deny", "needs_approval", "allow"]).nullable(),
    policyReasons: z.array(ZApiPolicyReason),
    decisionNote: z.string().nullable(),
    decidedAt: isoDate.nullable(),
    submittedAt: isoDate.nullable(),
    closedReason: z.string().nullable(),
    disclosureText: z.string(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .register(apiSchemas, { id: "Request" });

export const ZApiRequestPage = z
  .object({ items: z.array(ZApiRequest), nextCursor: z.string().nullable() })
  .register(apiSchemas, { id: "RequestPage" });

export const ZApiHistoryEvent = z
  .object({ at: isoDate, action: z.string(), actorRole: z.string().nullable() })
  .register(apiSchemas, { id: "HistoryEvent" });

export const ZApiRequestDetail = ZApiRequest.extend({ history: z.array(ZApiHistoryEvent) }).register(apiSchemas, { id: "RequestDetail" });

export const ZApiCreatedRequest = z
  .object({
    request: ZApiRequest,
    decision: z.object({
      outcome: z.enum(["deny", "needs_approval", "allow"]),
      reasons: z.array(ZApiPolicyReason),
    }),
  })
  .register(apiSchemas, { id: "CreatedRequest" });

export const ZApiWithdrawn = z
  .object({ id: z.string(), status: z.enum(REQUEST_STATUSES) })
  .register(apiSchemas, { id: "WithdrawResult" });

export type TApiRequest = z.input<typeof ZApiRequest>;
export type TApiRequestDetail = z.input<typeof ZApiRequestDetail>;
export type TApiTalent = z.input<typeof ZApiTalent>;
export type TApiCatalogPage = z.input<typeof ZApiCatalogPage>;
export type TApiUpload = z.input<typeof ZApiUpload>;
