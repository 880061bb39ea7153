import { getToken } from "next-auth/jwt";
import { type NextRequest, NextResponse } from "next/server";
import { CURRENT_PATH_HEADER } from "@/app/_lib/current-path";

// First line of defence for the signed-in areas: no session cookie, no page.
// Roles and ownership are checked again by every page and action (requireActor),
// which is the check that counts; this one saves rendering for signed-out visitors.
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (!token) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(signIn);
  }
  const headers = new Headers(request.headers);
  headers.set(CURRENT_PATH_HEADER, pathname + search);
  return NextResponse.next({ request: { headers } });
}

// Server action posts (next-action header) are left out: each action checks the
// session itself, and skipping them avoids buffering their bodies here. The
// matcher must be literal (Next reads it statically at build time).
export const config = {
  matcher: [
    { source: "/talent/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/agent/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/likeness/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/inbox/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/studio/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/admin/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/account/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/dashboard", missing: [{ type: "header", key: "next-action" }] },
    { source: "/earnings/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/settings/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/pay/:path*", missing: [{ type: "header", key: "next-action" }] },
  ],
};
