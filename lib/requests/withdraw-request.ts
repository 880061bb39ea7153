import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { requireStudio } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { applyTransition } from "./apply-transition";
import { loadStudioRequest } from "./load-studio-request";
import type { RequestStatus } from "./state-machine";

/** A studio member withdraws one of the studio's requests that is still open. */
export async function withdrawRequest(opts: { db: Db; actor: Actor; meta: RequestMeta; requestId: string; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const studioId = requireStudio(actor);
  return db.$transaction(async (tx) => {
    const row = await loadStudioRequest(tx, studioId, opts.requestId);
    const status = await applyTransition(tx, {
      requestId: row.id,
      from: row.status as RequestStatus,
      event: "withdraw",
      actor,
      meta,
      at: now,
      data: { closedReason: "Withdrawn by the studio" },
    });
    return { requestId: row.id, status };
  });
}
