import { db } from "@/lib/db/client";
import { withdrawRequest } from "@/lib/requests/withdraw-request";
import { metaFromRequest } from "@/app/api/_lib/request-meta";
import { apiRoute } from "../../../_lib/api-route";

/** POST /api/v1/requests/{id}/withdraw — withdraw an open request (409 once closed). */
export const POST = apiRoute<{ id: string }>(async (req, actor, { id }) => {
  const { requestId, status } = await withdrawRequest({ db: db(), actor, meta: metaFromRequest(req), requestId: id });
  return { id: requestId, status };
});
