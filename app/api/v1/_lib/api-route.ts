import type { NextRequest } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { authenticateApiKey } from "@/lib/studios/api-keys";
import { route } from "@/app/_lib/route-handler";

// Every /api/v1 handler: the studio API key first (401 otherwise), then the
// handler with the studio actor it acts as. Errors map as in route-handler.ts.

type Context<P> = { params: Promise<P> };

export function apiRoute<P = Record<string, string>>(handler: (req: NextRequest, actor: Actor, params: P) => Promise<unknown>) {
  return route<P>(async (req, ctx) => {
    const actor = await authenticateApiKey(db(), req.headers.get("authorization"));
    return handler(req, actor, await ctx.params);
  });
}

/** The query string as an object: repeated keys keep their last value. */
export function queryObject(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}

export type { Context };
