import { apiOrder } from "@/lib/api/serialize";
import { ZOrdersQuery } from "@/lib/api/types";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { listStudioOrders } from "@/lib/orders/read-orders";
import { queryObject } from "../_lib/api-route";
import { sessionOrKeyRoute } from "../_lib/session-or-key-route";

/** GET /api/v1/orders — the studio's orders, newest first (API key, or a studio member's session). */
export const GET = sessionOrKeyRoute(["STUDIO"], async (req, actor) => {
  const { cursor, limit } = parseInput(ZOrdersQuery, queryObject(req));
  const page = await listStudioOrders({ db: db(), actor, page: { cursor, limit } });
  return { items: page.items.map(apiOrder), nextCursor: page.nextCursor };
});
