import type { Role } from "@/lib/db/generated/enums";
import type { Db, Tx } from "@/lib/db/client";
import { forbidden, notFound } from "@/lib/errors";
import type { Actor } from "./actor";

// Authorization rules, written once. A wrong role is refused with 403; an object
// that exists but belongs to someone else answers 404, so ids leak nothing.

const ROLE_WORDS: Record<Role, string> = {
  TALENT: "talent",
  AGENT: "agents",
  ESTATE: "estates",
  STUDIO: "studios",
  ADMIN: "admins",
};

export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!roles.includes(actor.role)) {
    throw forbidden(`Only ${roles.map((r) => ROLE_WORDS[r]).join(" or ")} can do this.`);
  }
}

export function requireStudio(actor: Actor): string {
  requireRole(actor, ["STUDIO"]);
  if (!actor.studioId) throw forbidden("Your account is not a member of a studio.");
  return actor.studioId;
}

type Client = Db | Tx;

/** Principals (talent or estate users) the actor may act for: themselves, or those they represent. */
export async function managedPrincipalIds(client: Client, actor: Actor): Promise<string[]> {
  if (actor.role === "TALENT" || actor.role === "ESTATE") return [actor.userId];
  if (actor.role === "AGENT") {
    const reps = await client.representation.findMany({
      where: { agentUserId: actor.userId, status: "ACTIVE" },
      select: { principalUserId: true },
    });
    return reps.map((r) => r.principalUserId);
  }
  return [];
}

/**
 * Loads a likeness profile the actor manages: its principal, or an agent who
 * actively represents that principal. Anyone else gets "not found".
 */
export async function loadManagedProfile(client: Client, actor: Actor, profileId: string) {
  requireRole(actor, ["TALENT", "ESTATE", "AGENT"]);
  const profile = await client.likenessProfile.findUnique({ where: { id: profileId } });
  if (!profile) throw notFound("Likeness profile");
  const principals = await managedPrincipalIds(client, actor);
  if (!principals.includes(profile.principalUserId)) throw notFound("Likeness profile");
  return profile;
}

/**
 * Consent is personal: only the principal signs or revokes it — the talent, or
 * the estate of a deceased talent. An agent prepares, the principal signs.
 */
export async function loadProfileAsPrincipal(client: Client, actor: Actor, profileId: string) {
  const profile = await loadManagedProfile(client, actor, profileId);
  if (profile.principalUserId !== actor.userId) {
    throw forbidden(
      profile.deceased
        ? "Only the estate can sign or revoke consent for this likeness."
        : "Only the talent can sign or revoke their own consent.",
    );
  }
  return profile;
}
