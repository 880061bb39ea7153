import type { Tx } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

/** A request of this studio, read inside the caller's transaction; another studio's (or none) answers 404. */
export async function loadStudioRequest(tx: Tx, studioId: string, requestId: string) {
  const row = await tx.swapRequest.findUnique({ where: { id: requestId } });
  if (!row || row.studioId !== studioId) throw notFound("Request");
  return row;
}
