import type { Role } from "@/lib/db/generated/enums";

// Who is acting, and from where. Pages and route handlers build it (from the
// session or an API key) and pass it into every lib action; lib never reads
// request headers itself.
export type Actor = {
  userId: string;
  role: Role;
  email: string;
  name: string;
  /** Set when the actor is a studio member or acts through a studio API key. */
  studioId?: string;
};

export type RequestMeta = { ip: string; userAgent: string };

export const UNKNOWN_META: RequestMeta = { ip: "unknown", userAgent: "unknown" };
