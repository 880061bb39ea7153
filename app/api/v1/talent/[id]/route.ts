import { apiTalent } from "@/lib/api/serialize";
import { db } from "@/lib/db/client";
import { getCatalogProfile } from "@/lib/offers/catalog";
import { apiRoute } from "../../_lib/api-route";

/** GET /api/v1/talent/{id} — one licensable talent with every open offer. */
export const GET = apiRoute<{ id: string }>(async (_req, actor, { id }) => {
  return apiTalent(await getCatalogProfile({ db: db(), actor, profileId: id }));
});
