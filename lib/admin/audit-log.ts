import { createPublicKey, type KeyObject } from "node:crypto";
import { z } from "zod";
import { text } from "@/lib/validation/text";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent, lockAuditChain } from "@/lib/audit/append-audit-event";
import { latestAnchor, readChain, recordAnchor } from "@/lib/audit/anchors";
import { auditAnchorConfig } from "@/lib/config";
import { platformKey } from "@/lib/outputs/platform-key";
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

/** Where anchors are signed and kept: the platform key and the append-only file (lib/audit/anchors.ts). */
export type AnchorKeeping = { privateKey: KeyObject; file: string };

function defaultKeeping(): AnchorKeeping {
  return { privateKey: platformKey().privateKey, file: auditAnchorConfig().file };
}

/**
 * Walks the whole chain in seq order (in batches, so memory stays flat), checks
 * it against the latest anchor (the newer of the database's and the anchor
 * file's, so that rewriting the database cannot hide a truncated tail),
 * records the new head as a signed anchor (in the table and the file), and
 * audits the check itself.
 */
export async function runChainCheck(opts: { db: Db; actor: Actor; meta: RequestMeta; anchors?: AnchorKeeping }): Promise<ChainCheck> {
  const { db, actor, meta } = opts;
  requireRole(actor, ["ADMIN"]);
  const keeping = opts.anchors ?? defaultKeeping();
  const latest = await latestAnchor({ db, file: keeping.file, publicKeys: createPublicKey(keeping.privateKey) });
  const events = await readChain(db);
  const checked = verifyAuditChain(events, latest.anchor);
  const problems = [...latest.problems, ...checked.problems];
  const result: ChainCheck = { ...checked, ok: problems.length === 0, problems };
  await db.$transaction(async (tx) => {
    if (result.ok && result.head) {
      await lockAuditChain(tx);
      const head = { seq: BigInt(result.head.seq), hash: result.head.hash };
      // A publisher may have anchored this head a moment ago.
      const newest = await tx.auditAnchor.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
      if (!newest || newest.seq < head.seq) {
        await recordAnchor(tx, {
          head,
          chainLength: result.eventCount,
          privateKey: keeping.privateKey,
          file: keeping.file,
          checkedById: actor.userId,
        });
      }
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
