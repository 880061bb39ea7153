import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { metaFromHeaders } from "@/lib/http/request-meta";
import { authOptions } from "./auth-options";
import { CURRENT_PATH_HEADER } from "./current-path";

/**
 * The signed-in user, or null. The session only says who signed in; the user
 * row is read again (once per request) so that a disabled account or a changed
 * role takes effect at once rather than when the 12-hour token expires.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.userId;
  if (!userId) return null;
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, studioMembership: { select: { studioId: true } } },
  });
  if (!user || user.disabledAt) return null;
  const actor: Actor = { userId: user.id, role: user.role, email: user.email, name: user.name };
  if (user.studioMembership) actor.studioId = user.studioMembership.studioId;
  return actor;
});

/**
 * For pages, layouts and server actions: the signed-in actor, else a redirect
 * to sign-in (back to this page afterwards); a signed-in user of another role
 * gets the 403 page (app/forbidden.tsx).
 */
export async function requireActor(roles?: readonly Role[]): Promise<Actor> {
  const actor = await getActor();
  if (!actor) {
    const path = (await headers()).get(CURRENT_PATH_HEADER);
    redirect(path ? `/sign-in?callbackUrl=${encodeURIComponent(path)}` : "/sign-in");
  }
  if (roles && !roles.includes(actor.role)) forbidden();
  return actor;
}

/**
 * For route handlers called by the browser with the session cookie: the same
 * checks, as AppErrors, so that route-handler.ts answers 401/403 JSON instead of
 * an HTML redirect.
 */
export async function requireSessionActor(roles?: readonly Role[]): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (roles && !roles.includes(actor.role)) {
    throw new AppError("FORBIDDEN", "Your account's role does not allow this.");
  }
  return actor;
}

/** The client's address and browser, recorded on consent and audit events. */
export async function requestMeta(): Promise<RequestMeta> {
  return metaFromHeaders(await headers());
}
