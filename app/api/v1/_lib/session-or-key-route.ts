import type { NextRequest } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/db/generated/enums";
import { db } from "@/lib/db/client";
import { authenticateApiKey } from "@/lib/studios/api-keys";
import { requireSessionActor } from "@/app/_lib/actor";
import { route } from "@/app/_lib/route-handler";

// For /api/v1 handlers the platform's own pages call too (the order page polls
// its order, shows the render preview and asks for download links): a request
// with an Authorization header must carry a valid studio API key (401
// otherwise, never a fallback to the cookie); one without is authenticated by
// the signed-in session, limited to `sessionRoles`. Who may see what is then
// decided by the lib function the handler calls (others answer 404).

export function sessionOrKeyRoute<P = Record<string, string>>(
  sessionRoles: readonly Role[] | undefined,
  handler: (req: NextRequest, actor: Actor, params: P) => Promise<unknown>,
) {
  return route<P>(async (req, ctx) => {
    const authorization = req.headers.get("authorization");
    const actor = authorization !== null ? await authenticateApiKey(db(), authorization) : await requireSessionActor(sessionRoles);
    return handler(req, actor, await ctx.params);
  });
}
