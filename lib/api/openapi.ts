import { z } from "zod";
import { ZAnchorsQuery } from "@/lib/audit/anchor-types";
import { ZCreateRequest } from "@/lib/requests/types";
import { webhooksDocument } from "@/lib/studio-webhooks/openapi-webhooks";
import {
  apiSchemas,
  ZApiCatalogPage,
  ZApiFootagePerformers,
  ZApiPerformerChosen,
  ZChoosePerformer,
  ZApiCreatedRequest,
  ZApiDownloadLink,
  ZApiOrderDetail,
  ZApiOrderPage,
  ZApiRequestDetail,
  ZApiRequestPage,
  ZApiTalent,
  ZApiUpload,
  ZApiWithdrawn,
  ZOffersQuery,
  ZOrdersQuery,
  ZRequestsQuery,
  ZUploadForm,
} from "./types";

// The OpenAPI 3.1 document of the studio REST API, built from the same Zod
// schemas the route handlers validate with. Pure: no Next.js, no I/O.

type JsonSchema = Record<string, unknown>;
type Method = "get" | "post";

export type ApiRoute = {
  method: Method;
  /** OpenAPI path template, e.g. /api/v1/requests/{id}. */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  query?: z.ZodObject;
  pathParams?: Record<string, string>;
  body?: { type: "application/json" | "multipart/form-data"; schema: z.ZodType };
  success: {
    status: 200 | 201;
    schema: z.ZodType | null;
    description: string;
    /** A response that is not JSON (a JPEG, the delivered file): its media type, described as binary. */
    mediaType?: string;
    /** An example answer, shown in the document. */
    example?: unknown;
  };
  errors: number[];
  /** A shell example, shown on the human API page. */
  curl: string;
  /** Answered without an API key. */
  public?: boolean;
};

const AUTH = `-H "Authorization: Bearer $LIKENESS_API_KEY"`;

const ORDER_EXAMPLE = {
  id: "cm4order0000000000000001",
  status: "rendering",
  statusLabel: "Rendering",
  paymentStatus: "paid",
  amountMinor: 187500,
  currency: "USD",
  requestId: "cm4request00000000000001",
  requestTitle: "Spring running campaign",
  talent: { id: "cm4profile00000000000001", displayName: "Tia Talent" },
  offerId: "cm4offer0000000000000001",
  offerTitle: "Online ads, US",
  reviewRequired: false,
  paidAt: "2026-11-30T09:12:04.000Z",
  refundedAt: null,
  deliveredAt: null,
  createdAt: "2026-11-30T09:11:40.000Z",
  updatedAt: "2026-11-30T09:12:04.000Z",
};

const ORDER_DETAIL_EXAMPLE = {
  ...ORDER_EXAMPLE,
  refundReason: null,
  reviewNote: null,
  closedReason: null,
  render: {
    id: "cm4render000000000000001",
    number: 1,
    status: "running",
    stage: "train",
    progress: 0.42,
    etaSeconds: 118,
    stages: [
      {
        stage: "prepare",
        label: "Prepare inputs",
        fraction: 1,
        startedAt: "2026-11-30T09:12:06.000Z",
        finishedAt: "2026-11-30T09:12:07.000Z",
      },
      {
        stage: "extract",
        label: "Extract faces",
        fraction: 1,
        startedAt: "2026-11-30T09:12:07.000Z",
        finishedAt: "2026-11-30T09:12:15.000Z",
      },
      { stage: "train", label: "Train the model", fraction: 0.64, startedAt: "2026-11-30T09:12:15.000Z", finishedAt: null },
      { stage: "convert", label: "Convert frames", fraction: 0, startedAt: null, finishedAt: null },
    ],
    attempts: 1,
    maxAttempts: 3,
    error: null,
    cancelReason: null,
    previewUrl: "/api/v1/orders/cm4order0000000000000001/preview?v=1796029980000",
    startedAt: "2026-11-30T09:12:06.000Z",
    finishedAt: null,
    updatedAt: "2026-11-30T09:13:00.000Z",
  },
  log: [
    {
      id: "41",
      at: "2026-11-30T09:12:06.000Z",
      stage: "prepare",
      level: "info",
      message: "Attempt 1 of 3: 2 usable talent photos, video footage; preset tiny, 400 training steps.",
    },
    {
      id: "42",
      at: "2026-11-30T09:12:15.000Z",
      stage: "extract",
      level: "info",
      message: "Extracted 48 footage faces and 2 talent faces.",
    },
  ],
  output: null,
  ledger: [{ kind: "charge", amountMinor: 187500, currency: "USD", createdAt: "2026-11-30T09:12:04.000Z" }],
};

export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: "get",
    path: "/api/v1/offers",
    operationId: "listOffers",
    summary: "Browse the catalog of licensable talent",
    description:
      "Talent with an active consent and at least one open license offer, each with the offers that match the filters. Cursor-paginated: pass nextCursor back as cursor.",
    query: ZOffersQuery,
    success: { status: 200, schema: ZApiCatalogPage, description: "One page of the catalog" },
    errors: [401, 422],
    curl: `curl ${AUTH} "$LIKENESS_URL/api/v1/offers?category=advertising&territory=FR&limit=20"`,
  },
  {
    method: "get",
    path: "/api/v1/talent/{id}",
    operationId: "getTalent",
    summary: "One licensable talent with every open offer",
    description: "Each offer with its categories, territories, channels, term, renders and seconds left, prices and disclosure.",
    pathParams: { id: "Talent (likeness profile) id from the catalog" },
    success: { status: 200, schema: ZApiTalent, description: "The talent and their open offers" },
    errors: [401, 404],
    curl: `curl ${AUTH} "$LIKENESS_URL/api/v1/talent/$TALENT_ID"`,
  },
  {
    method: "post",
    path: "/api/v1/uploads",
    operationId: "createUpload",
    summary: "Upload target footage or a signed release",
    description:
      "Multipart form with kind and file. The type is checked by content (not by name), then size and pixels; refused files are not stored. Use the returned id as targetUploadId or releaseUploadId.",
    body: { type: "multipart/form-data", schema: ZUploadForm },
    success: { status: 201, schema: ZApiUpload, description: "The stored upload" },
    errors: [400, 401, 413, 415, 422],
    curl: `curl ${AUTH} -F kind=TARGET_FOOTAGE -F file=@footage.mp4 "$LIKENESS_URL/api/v1/uploads"`,
  },
  {
    method: "get",
    path: "/api/v1/uploads/{id}/performers",
    operationId: "listFootagePerformers",
    summary: "The people found in uploaded target footage",
    description:
      "A worker scans new target footage and groups its faces by identity (seconds to a minute): status pending, then ready with the performers, most seen first, or failed with the reason. Footage uploaded before scans existed answers not_scanned. Choose whose face is replaced with POST /api/v1/requests/{id}/performer; without a choice the render replaces the first (most seen) performer.",
    pathParams: { id: "Upload id (target footage)" },
    success: { status: 200, schema: ZApiFootagePerformers, description: "The scan and its performers" },
    errors: [401, 404],
    curl: `curl ${AUTH} "$LIKENESS_URL/api/v1/uploads/$FOOTAGE_ID/performers"`,
  },
  {
    method: "get",
    path: "/api/v1/uploads/{id}/performers/{performerId}/thumbnail",
    operationId: "getPerformerThumbnail",
    summary: "A performer's face from the footage (JPEG)",
    description: "Decrypted for this response only and never cached.",
    pathParams: { id: "Upload id (target footage)", performerId: "Performer id" },
    success: { status: 200, schema: null, mediaType: "image/jpeg", description: "A JPEG face crop" },
    errors: [401, 404],
    curl: `curl ${AUTH} -o performer.jpg "$LIKENESS_URL/api/v1/uploads/$FOOTAGE_ID/performers/p1/thumbnail"`,
  },
  {
    method: "get",
    path: "/api/v1/requests",
    operationId: "listRequests",
    summary: "Your studio's swap requests, newest first",
    description: "Optionally filtered by status. Cursor-paginated: pass nextCursor back as cursor.",
    query: ZRequestsQuery,
    success: { status: 200, schema: ZApiRequestPage, description: "One page of requests" },
    errors: [401, 422],
    curl: `curl ${AUTH} "$LIKENESS_URL/api/v1/requests?status=pending_approval"`,
  },
  {
    method: "post",
    path: "/api/v1/requests",
    operationId: "createRequest",
    summary: "Create and submit a swap request",
    description:
      "The policy engine decides at once: rejected_by_policy (every reason listed), pending_approval (the talent or agent decides), or approved (offers with automatic approval).",
    body: { type: "application/json", schema: ZCreateRequest },
    success: { status: 201, schema: ZApiCreatedRequest, description: "The request and the policy decision" },
    errors: [400, 401, 404, 413, 422],
    curl: `curl ${AUTH} -H "Content-Type: application/json" "$LIKENESS_URL/api/v1/requests" -d '{
  "offerId": "'$OFFER_ID'",
  "title": "Spring campaign",
  "category": "advertising",
  "contentDeclarations": [],
  "topics": [],
  "territories": ["FR", "DE"],
  "channels": ["social"],
  "campaignStart": "2027-03-01",
  "campaignEnd": "2027-05-31",
  "outputSeconds": 30,
  "intendedUse": "30-second social ad for a running shoe; the talent jogs through a park at dawn.",
  "targetUploadId": "'$FOOTAGE_ID'",
  "releaseUploadId": "'$RELEASE_ID'"
}'`,
  },
  {
    method: "get",
    path: "/api/v1/requests/{id}",
    operationId: "getRequest",
    summary: "One of your studio's requests, with its history",
    description: "Status, policy reasons, decision note and every recorded step. Another studio's request answers 404.",
    pathParams: { id: "Request id" },
    success: { status: 200, schema: ZApiRequestDetail, description: "The request" },
    errors: [401, 404],
    curl: `curl ${AUTH} "$LIKENESS_URL/api/v1/requests/$REQUEST_ID"`,
  },
  {
    method: "post",
    path: "/api/v1/requests/{id}/withdraw",
    operationId: "withdrawRequest",
    summary: "Withdraw an open request",
    description: "Only while it is a draft, submitted or awaiting approval; otherwise 409.",
    pathParams: { id: "Request id" },
    success: { status: 200, schema: ZApiWithdrawn, description: "The request is withdrawn" },
    errors: [401, 404, 409],
    curl: `curl ${AUTH} -X POST "$LIKENESS_URL/api/v1/requests/$REQUEST_ID/withdraw"`,
  },
  {
    method: "post",
    path: "/api/v1/requests/{id}/performer",
    operationId: "choosePerformer",
    summary: "Choose whose face in the footage is replaced",
    description:
      "Only that person is swapped in the render. Allowed while the request is open and its render has not started (409 otherwise); 409 while the footage is still being scanned.",
    pathParams: { id: "Request id" },
    body: { type: "application/json", schema: ZChoosePerformer },
    success: { status: 200, schema: ZApiPerformerChosen, description: "The stored choice" },
    errors: [400, 401, 404, 409, 413, 422],
    curl: `curl ${AUTH} -H "Content-Type: application/json" -X POST "$LIKENESS_URL/api/v1/requests/$REQUEST_ID/performer" -d '{"performerId": "p2"}'`,
  },
  {
    method: "get",
    path: "/api/v1/orders",
    operationId: "listOrders",
    summary: "Your studio's orders, newest first",
    description:
      'An order is created when an approved request is paid for (the "Pay" button on the request\'s page opens the checkout). Cursor-paginated: pass nextCursor back as cursor.',
    query: ZOrdersQuery,
    success: {
      status: 200,
      schema: ZApiOrderPage,
      description: "One page of orders",
      example: { items: [ORDER_EXAMPLE], nextCursor: null },
    },
    errors: [401, 422],
    curl: `curl ${AUTH} "$LIKENESS_URL/api/v1/orders?limit=20"`,
  },
  {
    method: "get",
    path: "/api/v1/orders/{id}",
    operationId: "getOrder",
    summary: "One order with its render's live progress and its output",
    description:
      "Status (awaiting_payment, rendering, in_review, review_rejected, delivered, failed, cancelled), payment status, the latest render (stage, overall progress 0..1, seconds left, each stage's progress, attempts, the error of a failed attempt), the last 200 log lines and the output once registered. Poll it every few seconds while status is rendering. Another studio's order answers 404.",
    pathParams: { id: "Order id" },
    success: { status: 200, schema: ZApiOrderDetail, description: "The order", example: ORDER_DETAIL_EXAMPLE },
    errors: [401, 404],
    curl: `curl ${AUTH} "$LIKENESS_URL/api/v1/orders/$ORDER_ID"`,
  },
  {
    method: "get",
    path: "/api/v1/orders/{id}/preview",
    operationId: "getOrderPreview",
    summary: "The latest converted frame of the order's render (JPEG)",
    description: "Updated while the render converts frames (render.previewUrl changes with it). Never cached. 404 before the first frame.",
    pathParams: { id: "Order id" },
    success: { status: 200, schema: null, mediaType: "image/jpeg", description: "A JPEG frame" },
    errors: [401, 404],
    curl: `curl ${AUTH} -o preview.jpg "$LIKENESS_URL/api/v1/orders/$ORDER_ID/preview"`,
  },
  {
    method: "post",
    path: "/api/v1/outputs/{id}/download-link",
    operationId: "createDownloadLink",
    summary: "A short-lived download link for a delivered output",
    description:
      "The output id is order.output.id of a delivered order. The link is valid for a few minutes (10 by default) and needs no API key; issuing it and every download are recorded in the audit log. 409 while the output is not delivered (e.g. in the talent's review), 410 once the output is revoked.",
    pathParams: { id: "Output id (order.output.id)" },
    success: {
      status: 201,
      schema: ZApiDownloadLink,
      description: "The signed link",
      example: { url: "https://likeness.example/api/v1/downloads/eyJvIjoi….3q2-7wAb", expiresAt: "2026-11-30T09:40:00.000Z" },
    },
    errors: [401, 404, 409, 410],
    curl: `curl ${AUTH} -X POST "$LIKENESS_URL/api/v1/outputs/$OUTPUT_ID/download-link"`,
  },
  {
    method: "get",
    path: "/api/v1/downloads/{token}",
    operationId: "downloadOutput",
    summary: "Download a delivered output through its signed link",
    description:
      "No API key: the signed token is the credential. Answers the file as an attachment (Content-Disposition gives its name, likeness-<verify code>.<ext>). 403 for a forged link, 410 with the reason when the link has expired or the output has been revoked.",
    pathParams: { token: "The token from the download link" },
    success: {
      status: 200,
      schema: null,
      mediaType: "application/octet-stream",
      description: "The delivered file (its real type in Content-Type)",
    },
    errors: [400, 403, 404, 410],
    curl: `curl -OJ "$(curl -s ${AUTH} -X POST "$LIKENESS_URL/api/v1/outputs/$OUTPUT_ID/download-link" | jq -r .url)"`,
    public: true,
  },
  {
    method: "post",
    path: "/api/v1/payments/webhook",
    operationId: "paymentWebhook",
    summary: "Payment provider events (for Stripe, not for studios)",
    description:
      "Where Stripe (or the local test-payment stand-in) sends checkout, refund and payout-account events. No API key: the provider's signature over the raw body (Stripe-Signature, or X-Likeness-Local-Signature) is the authentication. Each event is applied once by its id; a redelivered event answers 200 with duplicate: true. 400 names the bad or missing signature header, 413 over 1 MB.",
    success: { status: 200, schema: null, description: "The event was received", example: { received: true, duplicate: false } },
    errors: [400, 413],
    curl: `stripe listen --forward-to "$LIKENESS_URL/api/v1/payments/webhook"`,
    public: true,
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This OpenAPI document",
    description: "No API key needed.",
    success: { status: 200, schema: null, description: "OpenAPI 3.1 document" },
    errors: [],
    curl: `curl "$LIKENESS_URL/api/v1/openapi.json"`,
    public: true,
  },
  {
    method: "post",
    path: "/api/v1/verify",
    operationId: "verifyOutput",
    summary: "Verify a file or a verify code (public)",
    description:
      'No API key needed. Send JSON {"code": "04HM-ASRA-DPQZ-YK"}, or multipart/form-data with the image or video in `file` (images up to 30 MB, videos up to 200 MB, type checked by content). Answers whether a watermark was found, whether the file is byte-identical to an issued output, the signed manifest, whether its signature is valid (key at /.well-known/likeness-signing-key.json) and the license status now: valid, expired, revoked or unknown. 30 requests per minute per address (RateLimit-* headers; Retry-After on 429). Platforms that verify in bulk send an API key (Authorization: Bearer lk_...) and get 120,000 requests per minute per key instead; a wrong or revoked key is a 401. For a file carrying an embedded C2PA manifest, `contentCredentials` gives the C2PA library\'s verdict (state Trusted, Valid or Invalid; signatureValid; hardBindingValid, false when the file was edited after delivery; trusted; issuer; the Likeness license assertion; failures as C2PA status codes); it is null for a verify code or a file whose manifest was stripped, which is then found by its watermark.',
    body: { type: "application/json", schema: z.object({ code: z.string().describe("The verify code printed on the file") }) },
    success: { status: 200, schema: null, description: "The verification answer" },
    errors: [400, 401, 413, 415, 422, 429],
    curl: `curl -F file=@video.mp4 "$LIKENESS_URL/api/v1/verify"`,
    public: true,
  },
  {
    method: "get",
    path: "/api/v1/audit-anchors",
    operationId: "listAuditAnchors",
    summary: "Signed anchors of the audit log (public)",
    description:
      "No API key needed. Every few minutes the platform signs the head of its hash-chained audit log (chain length, head event's sequence number and hash, time) with its Ed25519 key (/.well-known/likeness-signing-key.json) and lists it here, newest first; pass nextBefore as `before` for the next page. The signature covers the canonical JSON of `anchor` (keys sorted, no whitespace). Keep copies: an anchored event that is later gone or changed proves the log was truncated or rewritten.",
    query: ZAnchorsQuery,
    success: {
      status: 200,
      schema: null,
      description: "One page of signed anchors",
      example: {
        schema: "likeness.audit-anchor/1",
        signingKey: "/.well-known/likeness-signing-key.json",
        anchors: [
          {
            anchor: {
              schema: "likeness.audit-anchor/1",
              chainLength: 1842,
              headSeq: "1851",
              headHash: "5f0c…e91a",
              at: "2026-11-30T09:40:00.000Z",
            },
            signature: { alg: "Ed25519", keyId: "3b9f0a6c1d2e4f58", value: "q1Zb…Aw==" },
          },
        ],
        nextBefore: "1851",
      },
    },
    errors: [422],
    curl: `curl "$LIKENESS_URL/api/v1/audit-anchors?limit=10"`,
    public: true,
  },
];

const ERROR_TEXT: Record<number, string> = {
  400: "The body is not valid JSON or not a multipart form",
  401: "Missing, invalid or revoked API key",
  403: "The link's signature is not valid, or the account it was issued to can no longer download",
  404: "Not found, or not your studio's",
  409: "Not possible in the request's current status",
  410: "Gone: the download link has expired, or the output has been revoked (the message gives the reason)",
  413: "The file, or a JSON body (over 256 KB), is too large",
  415: "The file's content is not an accepted type",
  422: "Invalid fields; error.fields names each one (text is NFC, without NUL, control characters or broken surrogates, and limited in characters, not bytes)",
  429: "Too many requests from this address; retry after Retry-After seconds",
};

const COMPONENT_URI = (id: string) => `#/components/schemas/${id}`;

// Dates are accepted as ISO 8601 strings (a day, or a date and time).
function override(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }) {
  const def = (ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def;
  if (def.type === "date") {
    ctx.jsonSchema.type = "string";
    ctx.jsonSchema.format = "date-time";
  }
}

/** JSON Schema of what a client sends (before defaults and coercion). */
export function inputSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", override, target: "draft-2020-12" }) as JsonSchema;
  delete json.$schema;
  return json;
}

function outputRef(schema: z.ZodType): JsonSchema {
  const meta = apiSchemas.get(schema);
  if (!meta) throw new Error("response schemas must be registered in apiSchemas");
  return { $ref: COMPONENT_URI(meta.id) };
}

function queryParameters(schema: z.ZodObject) {
  const json = inputSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}

function operation(route: ApiRoute) {
  const parameters = [
    ...Object.entries(route.pathParams ?? {}).map(([name, description]) => ({
      name,
      in: "path",
      required: true,
      description,
      schema: { type: "string" },
    })),
    ...(route.query ? queryParameters(route.query) : []),
  ];
  const { success } = route;
  const successContent = success.mediaType
    ? { [success.mediaType]: { schema: { type: "string", format: "binary" } } }
    : {
        "application/json": {
          schema: success.schema ? outputRef(success.schema) : { type: "object" },
          ...(success.example !== undefined ? { example: success.example } : {}),
        },
      };
  const responses: Record<string, unknown> = {
    [success.status]: { description: success.description, content: successContent },
  };
  for (const status of route.errors) {
    responses[status] = { description: ERROR_TEXT[status], content: { "application/json": { schema: { $ref: COMPONENT_URI("Error") } } } };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    ...(route.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { [route.body.type]: { schema: inputSchema(route.body.schema) } } } } : {}),
    responses,
    "x-codeSamples": [{ lang: "shell", label: "curl", source: route.curl }],
  };
}

export function buildOpenApiDocument(opts: { serverUrl?: string } = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    (paths[route.path] ??= {})[route.method] = operation(route);
  }
  const { schemas } = z.toJSONSchema(apiSchemas, { io: "output", uri: COMPONENT_URI, unrepresentable: "any", override }) as {
    schemas: Record<string, JsonSchema>;
  };
  for (const s of Object.values(schemas)) delete s.$schema;
  return {
    openapi: "3.1.0",
    info: {
      title: "Likeness studio API",
      version: "1.0.0",
      description:
        "Order licensed face swaps from a studio's own systems. Authenticate every call (except this document) with a studio API key: `Authorization: Bearer lk_...`. Errors are JSON: `{ error: { code, message, fields } }`, where fields names each bad input. Prices are integers in the currency's minor unit.",
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    security: [{ apiKey: [] }],
    paths,
    // What the platform POSTs to a studio's webhook URL (order.delivered, order.failed), signed: lib/studio-webhooks.
    webhooks: webhooksDocument(),
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "lk_<prefix>_<secret>",
          description: "A studio API key (Studio → API keys)",
        },
      },
      schemas,
    },
  };
}
