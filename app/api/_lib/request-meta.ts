import type { RequestMeta } from "@/lib/auth/actor";
import { metaFromHeaders } from "@/lib/http/request-meta";

/** The client's address and browser for a route handler's request, for the audit log. */
export function metaFromRequest(req: Request): RequestMeta {
  return metaFromHeaders(req.headers);
}
