// Only same-site paths may be used as a post-sign-in destination; anything else
// (absolute URLs, protocol-relative "//host") would make sign-in an open redirect.
export function safeCallbackPath(raw: unknown, fallback = "/dashboard"): string {
  if (typeof raw !== "string") return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (raw.startsWith("/sign-in") || raw.startsWith("/sign-up")) return fallback;
  return raw;
}
