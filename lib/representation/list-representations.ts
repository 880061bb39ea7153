import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";

/**
 * The agent's roster (pending and active), with each principal's profile if
 * any: only once the principal accepted (a pending invitation shows no profile).
 */
export async function listRoster(opts: { db: Db; actor: Actor }) {
  requireRole(opts.actor, ["AGENT"]);
  const rows = await opts.db.representation.findMany({
    where: { agentUserId: opts.actor.userId, status: { in: ["PENDING", "ACTIVE"] } },
    orderBy: { createdAt: "desc" },
    include: {
      principal: {
        select: { id: true, name: true, email: true, role: true, principalOf: { select: { id: true, displayName: true } } },
      },
    },
  });
  return rows.map((r) => (r.status === "ACTIVE" ? r : { ...r, principal: { ...r.principal, principalOf: [] } }));
}

/** A talent's or estate's agents and invitations. */
export async function listMyAgents(opts: { db: Db; actor: Actor }) {
  requireRole(opts.actor, ["TALENT", "ESTATE"]);
  return opts.db.representation.findMany({
    where: { principalUserId: opts.actor.userId, status: { in: ["PENDING", "ACTIVE"] } },
    orderBy: { createdAt: "desc" },
    include: { agent: { select: { id: true, name: true, email: true } } },
  });
}
