import type { RequestMeta } from "@/lib/auth/actor";

/** The client's address and browser from the request headers, for the audit log. */
export function metaFromRequest(req: Request): RequestMeta {
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: forwarded || req.headers.get("x-real-ip")?.trim() || "unknown",
    userAgent: req.headers.get("user-agent")?.slice(0, 512) || "unknown",
  };
}
