import { NextResponse } from "next/server";
import { apiOrderDetail } from "@/lib/api/serialize";
import { db } from "@/lib/db/client";
import { getOrder } from "@/lib/orders/read-orders";
import { sessionOrKeyRoute } from "../../_lib/session-or-key-route";

/**
 * GET /api/v1/orders/{id} — the order with its latest render (stage, progress,
 * ETA, attempts, error), the log tail and the output, for the people who may
 * see it (getOrder: the ordering studio, the talent side, admins; anyone else
 * 404). The order page polls it while the render runs, so it is never cached.
 */
export const GET = sessionOrKeyRoute<{ id: string }>(undefined, async (_req, actor, { id }) => {
  const detail = await getOrder({ db: db(), actor, orderId: id });
  return NextResponse.json(apiOrderDetail(detail), { headers: { "Cache-Control": "private, no-store" } });
});
