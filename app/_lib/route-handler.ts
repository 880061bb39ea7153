import { unstable_rethrow } from "next/navigation";
import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";

// One error mapping for every route handler (session uploads and /api/v1):
// AppError -> its status and JSON; a body that is not JSON -> 400 naming
// "body"; anything else -> 500 with no internals (logged on the server).

export type ErrorBody = { error: { code: string; message: string; fields: Record<string, string> } };

/** Thrown by readJson; answered with 400. */
export class MalformedBodyError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "MalformedBodyError";
  }
}

/** The request body parsed as JSON, or a MalformedBodyError (400). */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") throw new MalformedBodyError("The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedBodyError("The request body is not valid JSON.");
  }
}

export function errorResponse(err: unknown): NextResponse<ErrorBody> {
  if (err instanceof AppError) return NextResponse.json(err.toJSON(), { status: err.httpStatus });
  // req.json() called directly throws a SyntaxError for a malformed body.
  if (err instanceof MalformedBodyError || err instanceof SyntaxError) {
    const message = err instanceof MalformedBodyError ? err.message : "The request body is not valid JSON.";
    return NextResponse.json(
      { error: { code: "MALFORMED_BODY", message, fields: { body: message } } },
      { status: 400 },
    );
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
      const result = await handler(req, ctx);
      if (result instanceof Response) return result;
      return result === undefined ? new NextResponse(null, { status: 204 }) : NextResponse.json(result);
    } catch (err) {
      unstable_rethrow(err);
      return errorResponse(err);
    }
  };
}
