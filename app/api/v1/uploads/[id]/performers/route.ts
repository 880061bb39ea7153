import { db } from "@/lib/db/client";
import { listFootagePerformers } from "@/lib/footage/read-performers";
import { sessionOrKeyRoute } from "../../../_lib/session-or-key-route";

/**
 * GET /api/v1/uploads/{id}/performers — the people found in target footage
 * (status pending, ready, failed or not_scanned), for the studio that owns it;
 * 404 for anyone else. Choose one with POST /api/v1/requests/{id}/performer.
 */
export const GET = sessionOrKeyRoute<{ id: string }>(["STUDIO"], async (_req, actor, { id }) =>
  listFootagePerformers({ db: db(), actor, uploadId: id }),
);
