import { NextResponse } from "next/server";
import type { TApiDownloadLink } from "@/lib/api/types";
import { db } from "@/lib/db/client";
import { issueDownloadLink } from "@/lib/outputs/download-link";
import { metaFromRequest } from "@/app/api/_lib/request-meta";
import { sessionOrKeyRoute } from "../../../_lib/session-or-key-route";

/**
 * POST /api/v1/outputs/{id}/download-link — a signed link to the studio's
 * delivered output, valid for a few minutes (LIKENESS_DOWNLOAD_LINK_MINUTES);
 * issuing it is recorded. 404 for another studio's output, 409 while it is not
 * delivered, 410 once it is revoked.
 */
export const POST = sessionOrKeyRoute<{ id: string }>(["STUDIO"], async (req, actor, { id }) => {
  const link = await issueDownloadLink({ db: db(), actor, meta: metaFromRequest(req), outputId: id });
  const body: TApiDownloadLink = { url: link.url, expiresAt: link.expiresAt.toISOString() };
  return NextResponse.json(body, { status: 201, headers: { "Cache-Control": "no-store" } });
});
