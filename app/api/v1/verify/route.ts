import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { AppError, invalid } from "@/lib/errors";
import { MalformedBodyError, MAX_JSON_BODY_BYTES } from "@/lib/http/json-body";
import { VERIFY_LIMITS, verifyCode, verifyFile, type VerifyResult } from "@/lib/outputs";
import { answerVerifyRequest, verifyCodeInJson } from "@/lib/outputs/verify-request";
import { readBodyText } from "@/app/_lib/route-handler";
import { metaFromRequest } from "@/app/api/_lib/request-meta";

// Public verification, no sign-in: POST multipart/form-data with a `file`
// (image or video), or JSON {"code": "04HM-ASRA-DPQZ-YK"}. Answers the
// VerifyResult as JSON; bad input is a 4xx JSON error naming the field. Limits,
// headers and errors: lib/outputs/verify-request.ts. The production web server
// (scripts/web-server.ts) answers JSON codes itself before Next.js sees them
// (lib/http/verify-fast-path.ts); this route answers them too (other servers,
// tests) with the same function.
export const runtime = "nodejs";

/** Room for the multipart boundary and headers around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

async function answer(req: Request): Promise<VerifyResult> {
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
  if (type.startsWith("application/json")) return verifyCodeInJson(db(), await readBodyText(req, MAX_JSON_BODY_BYTES));
  throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send multipart/form-data with a `file`, or application/json with a `code`.", {
    body: "multipart/form-data (file) or application/json (code)",
  });
}

export async function POST(req: Request): Promise<Response> {
  const { status, headers, body } = await answerVerifyRequest({
    db: db(),
    authorization: req.headers.get("authorization"),
    clientAddress: metaFromRequest(req).ip,
    answer: () => answer(req),
  });
  return NextResponse.json(body, { status, headers });
}
