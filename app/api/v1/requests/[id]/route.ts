import { apiRequestDetail } from "@/lib/api/serialize";
import { db } from "@/lib/db/client";
import { getRequest } from "@/lib/requests/read-requests";
import { apiRoute } from "../../_lib/api-route";

/** GET /api/v1/requests/{id} — one of the studio's requests with its history; others answer 404. */
export const GET = apiRoute<{ id: string }>(async (_req, actor, { id }) => {
  return apiRequestDetail(await getRequest({ db: db(), actor, requestId: id }));
});
