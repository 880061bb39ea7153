import { NextResponse } from "next/server";
import { listSignedAnchors } from "@/lib/audit/anchors";
import { db } from "@/lib/db/client";
import { route } from "@/app/_lib/route-handler";
import { queryObject } from "../_lib/api-route";

// GET /api/v1/audit-anchors — public, no API key: the audit chain's head as the
// platform signed it every few minutes (lib/audit/anchors.ts), newest first,
// paged with ?before=<nextBefore>. Anyone may keep copies: a copy outside the
// platform is what proves a later truncation of the audit log.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async (req) =>
  NextResponse.json(await listSignedAnchors(db(), queryObject(req)), {
    headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" },
  }),
);
