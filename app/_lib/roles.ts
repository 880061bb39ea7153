import type { Role } from "@/lib/db/generated/enums";

// Where each role lands after sign-in. An estate acts in a deceased talent's
// place (consent, likeness set, offers, approvals), so it shares the talent area.
export const ROLE_HOME: Record<Role, string> = {
  TALENT: "/talent",
  ESTATE: "/talent",
  AGENT: "/agent",
  STUDIO: "/studio",
  ADMIN: "/admin",
};

/** Roles that may use the talent area: the principal of a likeness profile. */
export const PRINCIPAL_ROLES: readonly Role[] = ["TALENT", "ESTATE"];
