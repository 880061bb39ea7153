import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { errorAnswer } from "@/lib/http/error-answer";
import { parseJsonText } from "@/lib/http/json-body";
import { consumeRateLimitBatched, type RateLimit, rateLimitAddressKey, rateLimitKeys } from "@/lib/rate-limit";
import { authenticateApiKeyWithId } from "@/lib/studios/api-keys";
import { VERIFY_BULK_RATE, VERIFY_RATE } from "./limits";
import type { VerifyResult } from "./types";
import { verifyCode } from "./verify-code";

// Public verification as HTTP sees it, whatever serves it: the Next.js route
// (app/api/v1/verify/route.ts, files and forms) and the web server's own fast
// path for JSON verify codes (lib/http/verify-fast-path.ts) both answer
// through answerVerifyRequest, so the limits, headers and errors are written
// once. Anyone gets VERIFY_RATE per address; a platform verifying in bulk
// sends an API key (`Authorization: Bearer lk_...`) and gets VERIFY_BULK_RATE
// per key instead (a wrong key is a 401, never a silent fall back to the
// address's limit). Every answer carries RateLimit headers, and 429 adds
// Retry-After, so clients can pace themselves.

export type VerifyHttpAnswer = { status: number; headers: Record<string, string>; body: unknown };

/** Which counter and limit this request is counted against. */
async function rateLimitFor(db: Db, authorization: string | null, clientAddress: string): Promise<RateLimit & { key: string }> {
  if (authorization === null) return { key: rateLimitKeys.verify(rateLimitAddressKey(clientAddress)), ...VERIFY_RATE };
  const { apiKeyId } = await authenticateApiKeyWithId(db, authorization);
  return { key: rateLimitKeys.verifyApiKey(apiKeyId), ...VERIFY_BULK_RATE };
}

/**
 * Counts the request against its limit (in the shared limiter, so every web
 * instance counts the same window) and, within it, runs `answer`.
 */
export async function answerVerifyRequest(opts: {
  db: Db;
  authorization: string | null;
  clientAddress: string;
  answer: () => Promise<VerifyResult>;
}): Promise<VerifyHttpAnswer> {
  let rate;
  try {
    rate = await consumeRateLimitBatched(opts.db, await rateLimitFor(opts.db, opts.authorization, opts.clientAddress));
  } catch (err) {
    // A wrong key (401), or the database unreachable: a JSON answer either way, never a bare 500 page.
    return { ...errorAnswer(err), headers: {} };
  }
  const headers: Record<string, string> = {
    "Cache-Control": "no-store",
    "RateLimit-Limit": String(rate.limit),
    "RateLimit-Remaining": String(rate.remaining),
    "RateLimit-Reset": String(rate.resetSeconds),
  };
  if (!rate.ok) {
    const msg = `Too many verifications from this address; try again in ${rate.resetSeconds} s.`;
    return {
      status: 429,
      headers: { ...headers, "Retry-After": String(rate.resetSeconds) },
      body: new AppError("RATE_LIMITED", msg).toJSON(),
    };
  }
  try {
    return { status: 200, headers, body: await opts.answer() };
  } catch (err) {
    return { ...errorAnswer(err), headers };
  }
}

/** A JSON body {"code": "04HM-ASRA-DPQZ-YK"}'s answer; a body that is not JSON is a 400 naming "body". */
export function verifyCodeInJson(db: Db, text: string): Promise<VerifyResult> {
  const body = parseJsonText(text);
  const code = body && typeof body === "object" ? (body as Record<string, unknown>).code : undefined;
  return verifyCode({ db, code });
}
