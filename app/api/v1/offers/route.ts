import { apiCatalogPage } from "@/lib/api/serialize";
import { ZOffersQuery } from "@/lib/api/types";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { listCatalog } from "@/lib/offers/catalog";
import { apiRoute, queryObject } from "../_lib/api-route";

/** GET /api/v1/offers — the catalog of licensable talent, filtered, one cursor page. */
export const GET = apiRoute(async (req, actor) => {
  const { cursor, limit, ...filter } = parseInput(ZOffersQuery, queryObject(req));
  const page = await listCatalog({ db: db(), actor, filter, page: { cursor, limit } });
  return apiCatalogPage(page);
});
