import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format/size";

// JSON request bodies, the same for Next.js route handlers (app/_lib/route-handler.ts)
// and the web server's own verify fast path (verify-fast-path.ts): one size
// limit, one set of messages.

/**
 * The largest JSON body any route takes. The largest real one (a swap request
 * with a 5,000-character intended use) is under 25 KB; before this limit a
 * 60 MB body was read and parsed in full.
 */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

/** A body that is empty or not JSON; answered with 400 naming "body". */
export class MalformedBodyError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "MalformedBodyError";
  }
}

/** 413 naming "body". */
export function bodyTooLarge(maxBytes: number): AppError {
  const message = `The request body is larger than ${formatBytes(maxBytes)}.`;
  return new AppError("PAYLOAD_TOO_LARGE", message, { body: message });
}

/** The body's text parsed as JSON, or a MalformedBodyError. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === "") throw new MalformedBodyError("The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedBodyError("The request body is not valid JSON.");
  }
}
