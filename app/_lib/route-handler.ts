import { unstable_rethrow } from "next/navigation";
import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format/size";
import { textProblem } from "@/lib/validation/text";

// One error mapping for every route handler (session uploads and /api/v1):
// AppError -> its status and JSON; a body that is not JSON -> 400 naming
// "body"; anything else -> 500 with no internals (logged on the server).
// Bodies are read here (readJson, readBodyText), never with req.json(), so
// that every route has the same size limit; path segments pass the text rule
// before a handler sees them.

export type ErrorBody = { error: { code: string; message: string; fields: Record<string, string> } };

/** Thrown by readJson; answered with 400. */
export class MalformedBodyError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "MalformedBodyError";
  }
}

/**
 * The largest JSON body any route takes. The largest real one (a swap request
 * with a 5,000-character intended use) is under 25 KB; before this limit a
 * 60 MB body was read and parsed in full.
 */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

const tooLarge = (maxBytes: number) => {
  const message = `The request body is larger than ${formatBytes(maxBytes)}.`;
  return new AppError("PAYLOAD_TOO_LARGE", message, { body: message });
};

/**
 * The body as UTF-8 text, refused with 413 (naming "body") when its declared
 * Content-Length or what actually arrives passes `maxBytes`; the rest is not read.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}

/** The request body parsed as JSON, or a MalformedBodyError (400), or 413 past MAX_JSON_BODY_BYTES. */
export async function readJson(req: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(req, maxBytes);
  if (text.trim() === "") throw new MalformedBodyError("The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedBodyError("The request body is not valid JSON.");
  }
}

/** Path segments ({id}, {token}) under the text rule: a NUL or broken character is a 400 naming the segment. */
async function checkedParams<P>(params: Promise<P>): Promise<P> {
  const values = await params;
  for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const problem = typeof v === "string" ? textProblem(v) : null;
      if (problem)
        throw new AppError("BAD_REQUEST", `The address is not valid: its ${name} ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`, {
          [name]: problem,
        });
    }
  }
  return values;
}

export function errorResponse(err: unknown): NextResponse<ErrorBody> {
  if (err instanceof AppError) return NextResponse.json(err.toJSON(), { status: err.httpStatus });
  // req.json() called directly throws a SyntaxError for a malformed body.
  if (err instanceof MalformedBodyError || err instanceof SyntaxError) {
    const message = err instanceof MalformedBodyError ? err.message : "The request body is not valid JSON.";
    return NextResponse.json({ error: { code: "MALFORMED_BODY", message, fields: { body: message } } }, { status: 400 });
  }
  console.error("route handler failed", err);
  return NextResponse.json(
    { error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again.", fields: {} } },
    { status: 500 },
  );
}

type Context<P> = { params: Promise<P> };

/**
 * Wraps a route handler. It may return a Response (sent as is) or any value
 * (sent as JSON with status 200; nothing at all is 204).
 *
 *   export const POST = route(async (req) => {
 *     const actor = await requireSessionActor(["STUDIO"]);
 *     return createRequest({ db: db(), actor, input: await readJson(req) });
 *   });
 */
export function route<P = Record<string, string>>(
  handler: (req: NextRequest, ctx: Context<P>) => Promise<unknown>,
): (req: NextRequest, ctx: Context<P>) => Promise<Response> {
  return async (req, ctx) => {
    try {
      const params = await checkedParams(ctx?.params ?? Promise.resolve({} as P));
      const result = await handler(req, { ...ctx, params: Promise.resolve(params) });
      if (result instanceof Response) return result;
      return result === undefined ? new NextResponse(null, { status: 204 }) : NextResponse.json(result);
    } catch (err) {
      unstable_rethrow(err);
      return errorResponse(err);
    }
  };
}
