import { getToken } from "next-auth/jwt";
import { type NextRequest, NextResponse } from "next/server";
import { CURRENT_PATH_HEADER } from "@/app/_lib/current-path";
import { secretsConfig } from "@/lib/config";
import { newNonce, securityHeaders } from "@/lib/http/security-headers";

// Every page passes through here: it gets its security headers (a CSP with a
// fresh nonce that Next.js puts on its own scripts, lib/http/security-headers.ts),
// and the signed-in areas are closed to visitors without a session cookie.
// Roles and ownership are checked again by every page and action (requireActor),
// which is the check that counts; this one saves rendering for signed-out visitors.

const SIGNED_IN_AREAS = ["/talent", "/agent", "/likeness", "/inbox", "/studio", "/admin", "/account", "/earnings", "/settings", "/pay"];
const needsSession = (path: string) => path === "/dashboard" || SIGNED_IN_AREAS.some((a) => path === a || path.startsWith(`${a}/`));

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const headers = securityHeaders({ pathname, nonce: newNonce(), https, dev: process.env.NODE_ENV === "development" });
  let response: NextResponse;
  if (needsSession(pathname) && !(await getToken({ req: request, secret: secretsConfig().nextAuthSecret }))) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", pathname + search);
    response = NextResponse.redirect(signIn);
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set(CURRENT_PATH_HEADER, pathname + search);
    // Next.js reads the nonce from the request's CSP header while rendering.
    forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Pages only: route handlers under /api answer JSON or files and read their
// bodies themselves (a proxy in front would buffer uploads), and static assets
// need no policy. Server action posts (next-action header) are left out too:
// each action checks the session itself, and skipping them avoids buffering
// their bodies here. The matcher must be literal (Next reads it at build time).
export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico|\\.well-known/).*)",
      missing: [{ type: "header", key: "next-action" }],
    },
  ],
};
