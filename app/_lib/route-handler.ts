import { unstable_rethrow } from "next/navigation";
import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { errorAnswer, type ErrorBody } from "@/lib/http/error-answer";
import { bodyTooLarge, MAX_JSON_BODY_BYTES, parseJsonText } from "@/lib/http/json-body";
import { textProblem } from "@/lib/validation/text";

// One error mapping for every route handler (session uploads and /api/v1),
// lib/http/error-answer.ts, sent as a NextResponse. Bodies are read here (readJson, readBodyText), never with req.json(), so
// that every route has the same size limit; path segments pass the text rule
// before a handler sees them.

/**
 * The body as UTF-8 text, refused with 413 (naming "body") when its declared
 * Content-Length or what actually arrives passes `maxBytes`; the rest is not read.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw bodyTooLarge(maxBytes);
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
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}

/** The request body parsed as JSON, or a MalformedBodyError (400), or 413 past MAX_JSON_BODY_BYTES. */
export async function readJson(req: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  return parseJsonText(await readBodyText(req, maxBytes));
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
  const { status, body } = errorAnswer(err);
  return NextResponse.json(body, { status });
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
