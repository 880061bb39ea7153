import type { RequestMeta } from "@/lib/auth/actor";
import { clientAddressFrom } from "./client-address";

/** The client's address (as the web server resolved it) and browser, recorded on consent and audit events. */
export function metaFromHeaders(headers: { get(name: string): string | null }): RequestMeta {
  return { ip: clientAddressFrom(headers), userAgent: headers.get("user-agent")?.slice(0, 512) || "unknown" };
}
