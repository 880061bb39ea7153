import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";
import { db } from "@/lib/db/client";
import { earningsCsv, earningsFor } from "@/lib/orders/earnings";

// The earnings page's orders as CSV (one row per order, amounts in major units),
// for the talent, estate or agent signed in; earningsFor refuses other roles.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const actor = await requireSessionActor(["TALENT", "ESTATE", "AGENT"]);
  const { rows } = await earningsFor({ db: db(), actor });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(earningsCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="likeness-earnings-${date}.csv"`,
      "Cache-Control": "private, no-store, max-age=0",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
