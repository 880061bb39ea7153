import { z } from "zod";

// The shapes of signed audit anchors (lib/audit/anchors.ts) and of the public
// list's query: plain Zod, no I/O, so the OpenAPI document can use them.

export const ANCHOR_SCHEMA = "likeness.audit-anchor/1";

export const ZAnchorStatement = z
  .object({
    schema: z.literal(ANCHOR_SCHEMA),
    /** Number of events from the first up to and including the head. */
    chainLength: z.number().int().nonnegative(),
    /** The head event's sequence number (decimal string: it is a bigint). */
    headSeq: z.string().regex(/^[0-9]+$/, "a decimal sequence number"),
    headHash: z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 hex digest"),
    /** When the anchor was made (ISO 8601, UTC, milliseconds). */
    at: z.iso.datetime(),
  })
  .strict();
export type TAnchorStatement = z.infer<typeof ZAnchorStatement>;

export const ZSignedAnchor = z
  .object({
    anchor: ZAnchorStatement,
    signature: z.object({ alg: z.literal("Ed25519"), keyId: z.string().min(1), value: z.string().min(1) }).strict(),
  })
  .strict();
export type TSignedAnchor = z.infer<typeof ZSignedAnchor>;

export const ZAnchorsQuery = z.object({
  /** Anchors whose head is below this sequence number (nextBefore of the previous page). */
  before: z
    .string()
    .regex(/^[0-9]{1,19}$/, "a sequence number (nextBefore of the previous page)")
    .optional()
    .describe("nextBefore of the previous page: anchors whose head is below this sequence number"),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe("Anchors per page (1-500, default 100)"),
});
