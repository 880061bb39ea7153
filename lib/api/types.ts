import { z } from "zod";
import { recordId } from "@/lib/validation/text";
import { ZCatalogFilter } from "@/lib/offers/types";
import { ZPage } from "@/lib/pagination";
import { ZRequestListFilter } from "@/lib/requests/types";
import { REQUEST_STATUSES } from "@/lib/requests/state-machine";
import { ORDER_STATUSES } from "@/lib/orders/state-machine";
import { RENDER_STAGES } from "@/lib/render/stages";
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
  file: z
    .string()
    .meta({ format: "binary", description: "The file: footage as MP4/MOV/WebM or JPEG/PNG/WebP; a release as PDF or image." }),
});

const isoDate = z.string().meta({ format: "date-time" });

export const ZApiError = z
  .object({
    error: z.object({
      code: z.string().meta({
        description:
          "VALIDATION, UNAUTHENTICATED, NOT_FOUND, MALFORMED_BODY, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, ILLEGAL_TRANSITION…",
      }),
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
    performerId: z.string().nullable().meta({
      description: "The performer in the footage whose face is replaced (POST /api/v1/requests/{id}/performer); null: the person seen most",
    }),
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

export const ZApiWithdrawn = z.object({ id: z.string(), status: z.enum(REQUEST_STATUSES) }).register(apiSchemas, { id: "WithdrawResult" });

export const ZChoosePerformer = z
  .object({ performerId: recordId("Choose a performer").describe("A performer id from GET /api/v1/uploads/{id}/performers") })
  .strict()
  .register(apiSchemas, { id: "ChoosePerformer" });
export type TChoosePerformer = z.infer<typeof ZChoosePerformer>;

export const ZApiPerformerChosen = z
  .object({ requestId: z.string(), performerId: z.string() })
  .register(apiSchemas, { id: "PerformerChosen" });

const ZApiPerformer = z.object({
  id: z.string(),
  frames: z.number().int().describe("Sampled frames this person appears in (a still: 1)"),
  firstSeenSeconds: z.number(),
  medianFaceSize: z.number().describe("Median face width in pixels"),
});

export const ZApiFootagePerformers = z
  .discriminatedUnion("status", [
    z.object({ status: z.literal("pending") }),
    z.object({ status: z.literal("failed"), error: z.string() }),
    z.object({ status: z.literal("not_scanned") }),
    z.object({
      status: z.literal("ready"),
      kind: z.enum(["video", "image"]),
      framesExamined: z.number().int(),
      performers: z.array(ZApiPerformer),
    }),
  ])
  .register(apiSchemas, { id: "FootagePerformers" });

// ---------------------------------------------------------------------------
// Orders: paying for an approved request, its render and the delivered output

export const ZOrdersQuery = ZPage;
export type TOrdersQuery = z.input<typeof ZOrdersQuery>;

export const PAYMENT_STATUSES = ["unpaid", "paid", "refunded"] as const;
export const RENDER_JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const LOG_LEVELS = ["info", "warn", "error"] as const;

export const ZApiOrder = z
  .object({
    id: z.string(),
    status: z.enum(ORDER_STATUSES),
    statusLabel: z.string(),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    amountMinor: z.number().int().meta({ description: "What the studio pays: the request's quoted price, in the currency's minor unit" }),
    currency: z.string(),
    requestId: z.string(),
    requestTitle: z.string(),
    talent: z.object({ id: z.string(), displayName: z.string() }),
    offerId: z.string(),
    offerTitle: z.string(),
    reviewRequired: z.boolean().meta({ description: "The talent reviews each output before the studio can download it" }),
    paidAt: isoDate.nullable(),
    refundedAt: isoDate.nullable(),
    deliveredAt: isoDate.nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .register(apiSchemas, { id: "Order" });

export const ZApiOrderPage = z
  .object({ items: z.array(ZApiOrder), nextCursor: z.string().nullable() })
  .register(apiSchemas, { id: "OrderPage" });

export const ZApiRenderStage = z
  .object({
    stage: z.enum(RENDER_STAGES),
    label: z.string(),
    fraction: z.number().min(0).max(1),
    startedAt: isoDate.nullable(),
    finishedAt: isoDate.nullable(),
  })
  .register(apiSchemas, { id: "RenderStage" });

export const ZApiRender = z
  .object({
    id: z.string(),
    number: z.number().int().meta({ description: "Which render of the order this is (a re-render after a rejected review is the second)" }),
    status: z.enum(RENDER_JOB_STATUSES),
    stage: z.enum(RENDER_STAGES).nullable().meta({ description: "The stage running now (or where it stopped)" }),
    progress: z.number().min(0).max(1).meta({ description: "Overall fraction done, stages weighted by their usual share of the time" }),
    etaSeconds: z
      .number()
      .int()
      .nullable()
      .meta({ description: "Estimated seconds left; null until there is enough progress to estimate" }),
    stages: z.array(ZApiRenderStage),
    attempts: z.number().int().meta({ description: "Attempts started so far" }),
    maxAttempts: z.number().int(),
    error: z.string().nullable().meta({ description: "Why the latest attempt failed" }),
    cancelReason: z.string().nullable(),
    previewUrl: z
      .string()
      .nullable()
      .meta({ description: "The latest converted frame (JPEG), when there is one; changes whenever the render moves on" }),
    startedAt: isoDate.nullable(),
    finishedAt: isoDate.nullable(),
    updatedAt: isoDate,
  })
  .register(apiSchemas, { id: "Render" });

export const ZApiRenderLogLine = z
  .object({ id: z.string(), at: isoDate, stage: z.string(), level: z.enum(LOG_LEVELS), message: z.string() })
  .register(apiSchemas, { id: "RenderLogLine" });

export const ZApiOrderOutput = z
  .object({
    id: z.string(),
    verifyCode: z.string().meta({ description: "Printed on the output; anyone can check it at /verify" }),
    mimeType: z.string(),
    byteSize: z.number().int().nullable(),
    createdAt: isoDate,
    revokedAt: isoDate.nullable(),
    revokedReason: z.string().nullable(),
  })
  .register(apiSchemas, { id: "OrderOutput" });

export const ZApiLedgerEntry = z
  .object({
    kind: z.enum(["charge", "refund", "platform_fee", "agent_commission", "talent_share"]),
    amountMinor: z.number().int().meta({ description: "Positive for a charge or a share, negative for a refund" }),
    currency: z.string(),
    createdAt: isoDate,
  })
  .register(apiSchemas, { id: "LedgerEntry" });

export const ZApiOrderDetail = ZApiOrder.extend({
  refundReason: z.string().nullable(),
  reviewNote: z.string().nullable().meta({ description: "The talent's note when they rejected the output" }),
  closedReason: z.string().nullable().meta({ description: "Why the order was cancelled" }),
  render: ZApiRender.nullable().meta({ description: "The latest render, or null before the first one is queued" }),
  log: z.array(ZApiRenderLogLine).meta({ description: "The latest render's log, oldest first (the last 200 lines)" }),
  output: ZApiOrderOutput.nullable(),
  ledger: z.array(ZApiLedgerEntry).meta({ description: "The money movements of the order the caller may see" }),
}).register(apiSchemas, { id: "OrderDetail" });

export const ZApiDownloadLink = z
  .object({
    url: z.string().meta({ description: "GET it (no API key needed) to download the file; every download is recorded" }),
    expiresAt: isoDate,
  })
  .register(apiSchemas, { id: "DownloadLink" });

export type TApiOrder = z.input<typeof ZApiOrder>;
export type TApiOrderPage = z.input<typeof ZApiOrderPage>;
export type TApiOrderDetail = z.input<typeof ZApiOrderDetail>;
export type TApiRender = z.input<typeof ZApiRender>;
export type TApiRenderLogLine = z.input<typeof ZApiRenderLogLine>;
export type TApiDownloadLink = z.input<typeof ZApiDownloadLink>;

export type TApiRequest = z.input<typeof ZApiRequest>;
export type TApiRequestDetail = z.input<typeof ZApiRequestDetail>;
export type TApiTalent = z.input<typeof ZApiTalent>;
export type TApiCatalogPage = z.input<typeof ZApiCatalogPage>;
export type TApiUpload = z.input<typeof ZApiUpload>;
