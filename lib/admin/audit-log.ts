import { z } from "zod";
import { text } from "@/lib/validation/text";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { verifyAuditChain, type ChainCheck } from "@/lib/audit/hash-chain";
import { AUDIT_ACTIONS } from "@/lib/audit/types";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";

export const ZAuditFilter = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  subjectId: text({ max: 64 }).optional(),
  actorEmail: text({ max: 254 }).toLowerCase().optional(),
  /** Events with seq below this (the next page). */
  before: z.coerce.bigint().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditFilter = z.input<typeof ZAuditFilter>;

/** The audit log for admins, newest first, paged by sequence number. */
export async function listAuditEvents(opts: { db: Db; actor: Actor; filter?: TAuditFilter }) {
  requireRole(opts.actor, ["ADMIN"]);
  const f = parseInput(ZAuditFilter, opts.filter ?? {});
  const rows = await opts.db.auditEvent.findMany({
    where: {
      ...(f.action ? { action: f.action } : {}),
      ...(f.subjectId ? { subjectId: f.subjectId } : {}),
      ...(f.actorEmail ? { actorEmail: f.actorEmail } : {}),
      ...(f.before !== undefined ? { seq: { lt: f.before } } : {}),
    },
    orderBy: { seq: "desc" },
    take: f.limit + 1,
  });
  const more = rows.length > f.limit;
  const items = more ? rows.slice(0, f.limit) : rows;
  return { items, nextBefore: more ? (items.at(-1)?.seq.toString() ?? null) : null };
}

const CHECK_BATCH = 5000;

/**
 * Walks the whole chain in seq order (in batches, so memory stays flat), checks
 * it against the last anchor, records the new head as an anchor, and audits the
 * check itself.
 */
export async function runChainCheck(opts: { db: Db; actor: Actor; meta: RequestMeta }): Promise<ChainCheck> {
  const { db, actor, meta } = opts;
  requireRole(actor, ["ADMIN"]);
  const anchor = await db.auditAnchor.findFirst({ orderBy: { checkedAt: "desc" } });
  const events = [];
  let after: bigint | undefined;
  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: after !== undefined ? { seq: { gt: after } } : {},
      orderBy: { seq: "asc" },
      take: CHECK_BATCH,
    });
    events.push(...batch);
    if (batch.length < CHECK_BATCH) break;
    after = batch.at(-1)!.seq;
  }
  const result = verifyAuditChain(events, anchor ? { seq: anchor.seq, hash: anchor.hash } : null);
  await db.$transaction(async (tx) => {
    if (result.ok && result.head) {
      await tx.auditAnchor.create({
        data: { seq: BigInt(result.head.seq), hash: result.head.hash, eventCount: result.eventCount, checkedById: actor.userId },
      });
    }
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "audit.chain_checked",
      subjectType: "AuditChain",
      subjectId: "main",
      payload: { ok: result.ok, eventCount: result.eventCount, problems: result.problems.length, head: result.head },
    });
  });
  return result;
}
