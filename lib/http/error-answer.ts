import { AppError } from "@/lib/errors";
import { MalformedBodyError } from "./json-body";

// One mapping from a thrown error to an HTTP answer, for every route handler
// (app/_lib/route-handler.ts) and the web server's verify fast path:
// AppError -> its status and JSON; a body that is not JSON -> 400 naming
// "body"; anything else -> 500 with no internals (logged on the server).

export type ErrorBody = { error: { code: string; message: string; fields: Record<string, string> } };

export function errorAnswer(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) return { status: err.httpStatus, body: err.toJSON() };
  // req.json() called directly throws a SyntaxError for a malformed body.
  if (err instanceof MalformedBodyError || err instanceof SyntaxError) {
    const message = err instanceof MalformedBodyError ? err.message : "The request body is not valid JSON.";
    return { status: 400, body: { error: { code: "MALFORMED_BODY", message, fields: { body: message } } } };
  }
  console.error("request failed", err);
  return { status: 500, body: { error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again.", fields: {} } } };
}
