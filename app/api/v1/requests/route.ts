import { NextResponse } from "next/server";
import { apiRequest } from "@/lib/api/serialize";
import { ZRequestsQuery } from "@/lib/api/types";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { createRequest } from "@/lib/requests/create-request";
import { getRequest, listStudioRequests } from "@/lib/requests/read-requests";
import type { TCreateRequest } from "@/lib/requests/types";
import { readJson } from "@/app/_lib/route-handler";
import { metaFromRequest } from "@/app/api/_lib/request-meta";
import { apiRoute, queryObject } from "../_lib/api-route";

/** GET /api/v1/requests — the studio's requests, newest first, optionally by status. */
export const GET = apiRoute(async (req, actor) => {
  const { cursor, limit, status } = parseInput(ZRequestsQuery, queryObject(req));
  const page = await listStudioRequests({ db: db(), actor, filter: { status }, page: { cursor, limit } });
  return { items: page.items.map(apiRequest), nextCursor: page.nextCursor };
});

/** POST /api/v1/requests — create and submit; the policy engine decides at once (201 either way). */
export const POST = apiRoute(async (req, actor) => {
  const input = (await readJson(req)) as TCreateRequest;
  const { request, decision } = await createRequest({ db: db(), actor, meta: metaFromRequest(req), input });
  const created = await getRequest({ db: db(), actor, requestId: request.id });
  return NextResponse.json({ request: apiRequest(created.request), decision }, { status: 201 });
});
