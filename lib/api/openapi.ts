import { z } from "zod";
import { ZCreateRequest } from "@/lib/requests/types";
import {
  apiSchemas,
  ZApiCatalogPage,
  ZApiCreatedRequest,
  ZApiRequestDetail,
  ZApiRequestPage,
  ZApiTalent,
  ZApiUpload,
  ZApiWithdrawn,
  ZOffersQuery,
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
  success: { status: 200 | 201; schema: z.ZodType | null; description: string };
  errors: number[];
  /** A shell example, shown on the human API page. */
  curl: string;
  /** Answered without an API key. */
  public?: boolean;
};

const AUTH = `-H "Authorization: Bearer $LIKENESS_API_KEY"`;

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
    errors: [400, 401, 404, 422],
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
      "No API key needed. Send JSON {\"code\": \"04HM-ASRA-DPQZ-YK\"}, or multipart/form-data with the image or video in `file` (images up to 30 MB, videos up to 200 MB, type checked by content). Answers whether a watermark was found, whether the file is byte-identical to an issued output, the signed manifest, whether its signature is valid (key at /.well-known/likeness-signing-key.json) and the license status now: valid, expired, revoked or unknown. 30 requests per minute per address (RateLimit-* headers; Retry-After on 429).",
    body: { type: "application/json", schema: z.object({ code: z.string().describe("The verify code printed on the file") }) },
    success: { status: 200, schema: null, description: "The verification answer" },
    errors: [400, 413, 415, 422, 429],
    curl: `curl -F file=@video.mp4 "$LIKENESS_URL/api/v1/verify"`,
    public: true,
  },
];

const ERROR_TEXT: Record<number, string> = {
  400: "The body is not valid JSON or not a multipart form",
  401: "Missing, invalid or revoked API key",
  404: "Not found, or not your studio's",
  409: "Not possible in the request's current status",
  413: "The file is too large",
  415: "The file's content is not an accepted type",
  422: "Invalid fields; error.fields names each one",
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
  const responses: Record<string, unknown> = {
    [route.success.status]: {
      description: route.success.description,
      content: { "application/json": { schema: route.success.schema ? outputRef(route.success.schema) : { type: "object" } } },
    },
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
    ...(route.body
      ? { requestBody: { required: true, content: { [route.body.type]: { schema: inputSchema(route.body.schema) } } } }
      : {}),
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
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", bearerFormat: "lk_<prefix>_<secret>", description: "A studio API key (Studio → API keys)" } },
      schemas,
    },
  };
}
