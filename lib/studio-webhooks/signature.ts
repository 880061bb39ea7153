import { createHmac, timingSafeEqual } from "node:crypto";

// Every webhook POST carries
//
//   Likeness-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>
//
// where v1 = HMAC-SHA256(key = the webhook's secret, the whole `whsec_...`
// string as UTF-8, message = `${t}.${raw request body}`), as 64 lowercase hex
// digits. To verify a call, a studio:
//
//   1. reads the raw body exactly as received (before any JSON parsing);
//   2. splits the header on "," into key=value pairs, taking t and every v1;
//   3. computes the HMAC above with its secret and compares it with each v1 in
//      constant time (crypto.timingSafeEqual); one match is enough;
//   4. refuses the call when t is more than 5 minutes (300 s) from its own
//      clock, so a captured call cannot be replayed later;
//   5. treats the body's `id` as the event's id: a retry of the same event
//      carries the same id (and a fresh t and signature), so it can be ignored
//      when already processed.
//
// verifyWebhookSignature below does steps 2 to 4 and can be copied as is.

export const SIGNATURE_HEADER = "Likeness-Signature";
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of `${t}.${body}` keyed with the secret. */
export function webhookSignature(secret: string, body: string, t: number): string {
  return createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
}

/** The Likeness-Signature header value for a body sent at `now`. */
export function signatureHeader(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${webhookSignature(secret, body, t)}`;
}

/** Whether a Likeness-Signature header is valid for this raw body and secret, and recent enough. */
export function verifyWebhookSignature(opts: {
  secret: string;
  body: string;
  header: string | null | undefined;
  now?: Date;
  toleranceSeconds?: number;
}): boolean {
  const parts = (opts.header ?? "").split(",").map((p) => p.trim().split("="));
  const t = parts.find(([k]) => k === "t")?.[1];
  const candidates = parts.filter(([k, v]) => k === "v1" && v && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => Buffer.from(v!, "hex"));
  if (!t || !/^\d{1,12}$/.test(t) || candidates.length === 0) return false;
  const nowSeconds = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(t)) > (opts.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(webhookSignature(opts.secret, opts.body, Number(t)), "hex");
  return candidates.some((c) => timingSafeEqual(c, expected));
}
