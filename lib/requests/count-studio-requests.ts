import type { Actor } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { REQUEST_STATUSES, type RequestStatus } from "./state-machine";

/** The studio's requests counted by status (every status present, zero when none), for its home page. */
export async function countStudioRequests(opts: { db: Db; actor: Actor }): Promise<Record<RequestStatus, number>> {
  const studioId = requireStudio(opts.actor);
  const groups = await opts.db.swapRequest.groupBy({ by: ["status"], where: { studioId }, _count: { _all: true } });
  const counts = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<RequestStatus, number>;
  for (const g of groups) counts[g.status as RequestStatus] = g._count._all;
  return counts;
}
