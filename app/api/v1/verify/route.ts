import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { AppError, invalid } from "@/lib/errors";
import { VERIFY_BULK_RATE, VERIFY_LIMITS, VERIFY_RATE, verifyCode, verifyFile } from "@/lib/outputs";
import { consumeRateLimit, rateLimitAddressKey, rateLimitKeys } from "@/lib/rate-limit";
import { authenticateApiKeyWithId } from "@/lib/studios/api-keys";
import { errorResponse, MalformedBodyError, readJson } from "@/app/_lib/route-handler";
import { metaFromRequest } from "@/app/api/_lib/request-meta";

// Public verification, no sign-in: POST multipart/form-data with a `file`
// (image or video), or JSON {"code": "04HM-ASRA-DPQZ-YK"}. Answers the
// VerifyResult as JSON; bad input is a 4xx JSON error naming the field. Every
// answer carries RateLimit headers, and 429 adds Retry-After, so clients can
// pace themselves. Anyone gets VERIFY_RATE per address; a platform verifying in
// bulk sends an API key (`Authorization: Bearer lk_...`) and gets
// VERIFY_BULK_RATE per key instead (a wrong key is a 401, never a silent
// fall back to the address's limit).
export const runtime = "nodejs";

/** Room for the multipart boundary and headers around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

async function answer(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type")?.toLowerCase() ?? "";
  if (type.startsWith("multipart/form-data")) {
    // Refuse a body that cannot fit before reading it into memory.
    if (Number(req.headers.get("content-length") ?? "0") > VERIFY_LIMITS.videoMaxBytes + MULTIPART_OVERHEAD) {
      const msg = `The file is larger than the ${VERIFY_LIMITS.videoMaxBytes / 1024 / 1024} MB limit.`;
      throw new AppError("PAYLOAD_TOO_LARGE", msg, { file: msg });
    }
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw new MalformedBodyError("The multipart form could not be read; send the image or video in the field `file`.");
    }
    const file = form.get("file");
    if (!(file instanceof Blob)) {
      const code = form.get("code");
      if (typeof code === "string") return verifyCode({ db: db(), code });
      throw invalid("file", "Attach an image or video in the `file` field, or send a verify code in `code`.");
    }
    return verifyFile({ db: db(), bytes: Buffer.from(await file.arrayBuffer()) });
  }
  if (type.startsWith("application/json")) {
    const body = await readJson(req);
    const code = body && typeof body === "object" ? (body as Record<string, unknown>).code : undefined;
    return verifyCode({ db: db(), code });
  }
  throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send multipart/form-data with a `file`, or application/json with a `code`.", {
    body: "multipart/form-data (file) or application/json (code)",
  });
}

/** Which counter and limit this request is counted against. */
async function rateLimitFor(req: Request): Promise<{ key: string; limit: number; windowMs: number }> {
  const authorization = req.headers.get("authorization");
  if (authorization === null) return { key: rateLimitKeys.verify(rateLimitAddressKey(metaFromRequest(req).ip)), ...VERIFY_RATE };
  const { apiKeyId } = await authenticateApiKeyWithId(db(), authorization);
  return { key: rateLimitKeys.verifyApiKey(apiKeyId), ...VERIFY_BULK_RATE };
}

export async function POST(req: Request): Promise<Response> {
  let limit;
  try {
    limit = await rateLimitFor(req);
  } catch (err) {
    return errorResponse(err);
  }
  // Counted in the shared limiter (PostgreSQL), so every web instance counts the same window.
  const rate = await consumeRateLimit(db(), limit);
  const headers = {
    "Cache-Control": "no-store",
    "RateLimit-Limit": String(rate.limit),
    "RateLimit-Remaining": String(rate.remaining),
    "RateLimit-Reset": String(rate.resetSeconds),
  };
  let res: Response;
  if (!rate.ok) {
    const msg = `Too many verifications from this address; try again in ${rate.resetSeconds} s.`;
    res = NextResponse.json(new AppError("RATE_LIMITED", msg).toJSON(), {
      status: 429,
      headers: { "Retry-After": String(rate.resetSeconds) },
    });
  } else {
    try {
      res = NextResponse.json(await answer(req));
    } catch (err) {
      res = errorResponse(err);
    }
  }
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}
