import { z } from "zod";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import { AppError, notFound, parseInput } from "@/lib/errors";

export type ConflictView = {
  id: string;
  status: "open" | "dismissed" | "upheld";
  /** This profile is the newer one (it waits), or the older one (the other waits). */
  role: "newer" | "older";
  distance: number;
  createdAt: Date;
  decidedAt: Date | null;
  decisionReason: string | null;
};

/** A profile's identity conflicts, newest first, as its owner sees them (no details of the other profile: it is another person's). */
export async function conflictsOf(db: Db | Tx, profileId: string): Promise<ConflictView[]> {
  const rows = await db.identityConflict.findMany({
    where: { OR: [{ profileId }, { otherProfileId: profileId }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    role: r.profileId === profileId ? "newer" : "older",
    distance: r.distance,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
  }));
}

/** Whether the profile waits on an identity conflict: open (not decided yet) or upheld (its face is another person's). */
export async function blockingConflict(db: Db | Tx, profileId: string): Promise<"open" | "upheld" | null> {
  const row = await db.identityConflict.findFirst({
    where: { profileId, status: { in: ["open", "upheld"] } },
    orderBy: { createdAt: "desc" },
    select: { status: true },
  });
  return row ? (row.status as "open" | "upheld") : null;
}

const ZConflictDecision = z.object({
  decision: z.enum(["dismiss", "uphold"]),
  reason: z.string().trim().min(3, "Give the reason both owners will see").max(1000),
});

/**
 * An admin decides a conflict: "dismiss" (different people, e.g. twins or
 * look-alikes: the newer profile may publish) or "uphold" (the newer profile
 * uses the older one's face: it stays closed). Audited with the reason.
 */
export async function decideIdentityConflict(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  conflictId: string;
  decision: string;
  reason: string;
  now?: Date;
}) {
  const { db, actor, meta } = opts;
  requireRole(actor, ["ADMIN"]);
  const { decision, reason } = parseInput(ZConflictDecision, { decision: opts.decision, reason: opts.reason });
  const at = opts.now ?? new Date();
  const status = decision === "dismiss" ? ("dismissed" as const) : ("upheld" as const);
  return db.$transaction(async (tx) => {
    const c = await tx.identityConflict.findUnique({ where: { id: opts.conflictId } });
    if (!c) throw notFound("Conflict");
    const done = await tx.identityConflict.updateMany({
      where: { id: c.id, status: "open" },
      data: { status, decidedById: actor.userId, decidedAt: at, decisionReason: reason },
    });
    if (done.count === 0) throw new AppError("CONFLICT", "This conflict was already decided.");
    await appendAuditEvent(tx, {
      actor,
      meta,
      at,
      action: decision === "dismiss" ? "identity.conflict_dismissed" : "identity.conflict_upheld",
      subjectType: "LikenessProfile",
      subjectId: c.profileId,
      payload: { conflictId: c.id, otherProfileId: c.otherProfileId, reason },
    });
    return { id: c.id, status };
  });
}
