import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/lib/db/client";
import { answerVerifyRequest, verifyCodeInJson, type VerifyHttpAnswer } from "@/lib/outputs/verify-request";
import { errorAnswer } from "./error-answer";
import { bodyTooLarge, MAX_JSON_BODY_BYTES } from "./json-body";
import { API_SECURITY_HEADERS, HSTS } from "./security-headers";

// Public verification by code is the platform's hottest endpoint: every
// platform that checks uploads calls it. Through Next.js, this 2-core machine
// serves even a static document at under 900 requests/s (bench:api's
// signingKeyDocument), so the web server (scripts/web-server.ts) answers
// `POST /api/v1/verify` with a JSON body here, before Next.js sees it, with the
// same function as the route (lib/outputs/verify-request.ts): the same limits,
// answer, errors and headers. Files (multipart) and anything else go on to
// Next.js.

export const VERIFY_PATH = "/api/v1/verify";

/** Whether this request is one the fast path answers (a JSON POST to exactly /api/v1/verify). */
export function isVerifyCodeRequest(req: IncomingMessage): boolean {
  if (req.method !== "POST") return false;
  const url = req.url ?? "";
  const q = url.indexOf("?");
  if ((q === -1 ? url : url.slice(0, q)) !== VERIFY_PATH) return false;
  return (req.headers["content-type"] ?? "").toLowerCase().startsWith("application/json");
}

/** The body as UTF-8 text, or null after answering 413 (declared or actual size past the limit). */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  const tooLarge = () => {
    // The rest is not read: the connection closes after the answer.
    send(req, res, { ...errorAnswer(bodyTooLarge(MAX_JSON_BODY_BYTES)), headers: { Connection: "close" } });
    res.once("finish", () => req.destroy());
  };
  if (Number(req.headers["content-length"] ?? 0) > MAX_JSON_BODY_BYTES) {
    tooLarge();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BODY_BYTES) {
        req.off("data", onData);
        tooLarge();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(size > MAX_JSON_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8")));
    // A client that hangs up mid-body gets no answer (resolve is a no-op after "end").
    req.once("close", () => resolve(null));
    req.once("error", reject);
  });
}

function send(req: IncomingMessage, res: ServerResponse, answer: VerifyHttpAnswer): void {
  if (res.headersSent) return;
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...API_SECURITY_HEADERS,
    // As next.config.js sends it for every /api response: only where the proxy says HTTPS.
    ...(req.headers["x-forwarded-proto"] === "https" ? { "Strict-Transport-Security": HSTS } : {}),
    ...answer.headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Answers a verify-code request (isVerifyCodeRequest) in full. `clientAddress`
 * is the address the web server resolved from the socket and its trusted
 * proxies (lib/http/client-address.ts), the rate limit's key.
 */
export async function answerVerifyCodeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { db: Db; clientAddress: string },
): Promise<void> {
  try {
    const text = await readBody(req, res);
    if (text === null) return;
    const authorization = req.headers.authorization;
    send(
      req,
      res,
      await answerVerifyRequest({
        db: opts.db,
        authorization: authorization === undefined ? null : authorization,
        clientAddress: opts.clientAddress,
        answer: () => verifyCodeInJson(opts.db, text),
      }),
    );
  } catch (err) {
    // The database went away or the client hung up mid-body: the same 500 a route handler gives.
    send(req, res, { ...errorAnswer(err), headers: {} });
  }
}
