import { z } from "zod";
import type { AuditAction } from "./types";

// Typed payloads of the order path's audit events (order.*, payment.*,
// render.*, output.*, download.*): one Zod schema per action, checked when an
// event is written (appendAuditEvent refuses a payload that does not match, so
// a misspelt or missing field fails the transaction in tests, not an auditor
// years later) and used to parse payloads on read instead of casting them.
// Strict objects: an unknown key is a mistake too.

const id = z.string().min(1);
const money = { amountMinor: z.number().int(), currency: z.string().min(3).max(3) };
const provider = z.enum(["stripe", "local"]);
const orderTransition = z
  .object({
    from: z.string(),
    to: z.string(),
    event: z.string(),
    reason: z.string().optional(),
    note: z.string().optional(),
    outputId: z.string().optional(),
    error: z.string().optional(),
  })
  .strict();

export const AUDIT_PAYLOADS = {
  "auth.sign_in_locked": z
    .object({ scope: z.enum(["account", "address"]), until: z.string(), failures: z.number().int().positive(), userId: id.optional() })
    .strict(),
  "user.disabled": z.object({ email: z.string(), reason: z.string().optional() }).strict(),
  "user.enabled": z.object({ email: z.string() }).strict(),
  "consent.video_linked": z
    .object({
      profileId: id,
      version: z.number().int().positive(),
      identityVerificationId: id,
      consentVideoSha256: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .strict(),
  "order.created": z.object({ requestId: id, ...money, provider, reviewRequired: z.boolean() }).strict(),
  "order.rendering": orderTransition,
  "order.in_review": orderTransition,
  "order.review_rejected": orderTransition,
  "order.delivered": orderTransition,
  "order.failed": orderTransition,
  "order.cancelled": orderTransition,
  "payment.checkout_started": z.object({ provider, sessionId: id, ...money, expiresAt: z.string() }).strict(),
  "payment.checkout_expired": z.object({ sessionId: id }).strict(),
  "payment.succeeded": z
    .object({
      provider: provider.optional(),
      paymentRef: id,
      ...money,
      mismatch: z.literal(true).optional(),
      expectedMinor: z.number().int().optional(),
    })
    .strict(),
  "payment.refunded": z.object({ refundRef: id, ...money, reason: z.string() }).strict(),
  "payment.split": z
    .object({
      platformFeeMinor: z.number().int().nonnegative(),
      agentCommissionMinor: z.number().int().nonnegative(),
      talentShareMinor: z.number().int().nonnegative(),
      platformFeePercent: z.number(),
      agentCommissionPercent: z.number().nullable(),
      agentUserId: z.string().nullable(),
      principalUserId: id,
    })
    .strict(),
  "payment.transferred": z
    .object({ userId: id, kind: z.enum(["agent_commission", "talent_share"]), ...money, transferRef: id, accountId: id })
    .strict(),
  "render.queued": z.object({ orderId: id, preset: z.string(), steps: z.number().int().positive() }).strict(),
  "render.started": z.object({ orderId: id, attempt: z.number().int().positive(), workerId: z.string() }).strict(),
  "render.retried": z.object({ orderId: id, attempt: z.number().int().positive(), workerId: z.string() }).strict(),
  "render.succeeded": z
    .object({ orderId: id, outputId: id, modelId: z.string(), outputSha256: z.string().regex(/^[0-9a-f]{64}$/) })
    .strict(),
  "render.failed": z.object({ orderId: id, error: z.string() }).strict(),
  "render.cancelled": z.object({ orderId: id, from: z.string(), reason: z.string() }).strict(),
  "output.registered": z
    .object({
      requestId: id,
      offerId: id,
      payloadHex: z.string().regex(/^[0-9a-f]{16}$/),
      outputSha256: z.string().regex(/^[0-9a-f]{64}$/),
      keyId: z.string(),
    })
    .strict(),
  "output.revoked": z.object({ requestId: id, reason: z.string() }).strict(),
  "download.link_issued": z.object({ expiresAt: z.string() }).strict(),
  "download.completed": z.object({ byteSize: z.number().int().nonnegative(), outputSha256: z.string() }).strict(),
} satisfies Partial<Record<AuditAction, z.ZodType>>;

export type TypedAuditAction = keyof typeof AUDIT_PAYLOADS;
export type AuditPayload<A extends TypedAuditAction> = z.output<(typeof AUDIT_PAYLOADS)[A]>;

function schemaOf(action: string): z.ZodType | undefined {
  return (AUDIT_PAYLOADS as Record<string, z.ZodType>)[action];
}

/** Checks a payload on write; actions without a schema pass as they are. Throws (a programming error) when it does not match. */
export function checkAuditPayload(action: string, payload: Record<string, unknown>): Record<string, unknown> {
  const schema = schemaOf(action);
  if (!schema) return payload;
  const parsed = schema.safeParse(payload);
  if (!parsed.success)
    throw new Error(
      `audit payload of ${action} does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`,
    );
  return parsed.data as Record<string, unknown>;
}

/** Parses a stored payload of a typed action; null when it does not match (an event written before its schema existed). */
export function readAuditPayload<A extends TypedAuditAction>(action: A, payload: unknown): AuditPayload<A> | null {
  const parsed = AUDIT_PAYLOADS[action].safeParse(payload);
  return parsed.success ? (parsed.data as AuditPayload<A>) : null;
}
