import type { Actor } from "@/lib/auth/actor";
import { loadManagedProfile, managedPrincipalIds, requireRole } from "@/lib/auth/permissions";
import { currentConsent } from "@/lib/consent/current-consent";
import type { Db } from "@/lib/db/client";
import { OPEN_STATUSES } from "@/lib/requests/state-machine";

/** Profiles the actor manages (their own, or their represented talents'). */
export async function listManagedProfiles(opts: { db: Db; actor: Actor }) {
  requireRole(opts.actor, ["TALENT", "ESTATE", "AGENT"]);
  const principals = await managedPrincipalIds(opts.db, opts.actor);
  return opts.db.likenessProfile.findMany({
    where: { principalUserId: { in: principals } },
    orderBy: { createdAt: "desc" },
    omit: { wrappedDataKey: true }, // the wrapped data key never leaves the server
    include: {
      principal: { select: { id: true, name: true, role: true } },
      consents: { orderBy: { version: "desc" }, take: 1, include: { revocation: true } },
      _count: { select: { assets: { where: { destroyedAt: null } }, offers: { where: { status: "ACTIVE" } } } },
    },
  });
}

/** One managed profile with its consent history, offers and likeness set. */
export async function getManagedProfile(opts: { db: Db; actor: Actor; profileId: string }) {
  const profile = await loadManagedProfile(opts.db, opts.actor, opts.profileId);
  const [consent, consents, offers, assets, principal, openRequestCount, pendingRequestCount, agents, liveOutputCount] = await Promise.all([
    currentConsent(opts.db, profile.id),
    opts.db.consentRecord.findMany({ where: { profileId: profile.id }, orderBy: { version: "desc" }, include: { revocation: true } }),
    opts.db.licenseOffer.findMany({ where: { profileId: profile.id }, orderBy: { createdAt: "desc" } }),
    opts.db.likenessAsset.findMany({ where: { profileId: profile.id, destroyedAt: null }, orderBy: { createdAt: "desc" } }),
    opts.db.user.findUniqueOrThrow({ where: { id: profile.principalUserId }, select: { id: true, name: true, role: true } }),
    // What a consent revocation would close, so the page can say so before it happens.
    opts.db.swapRequest.count({ where: { profileId: profile.id, status: { in: [...OPEN_STATUSES] } } }),
    opts.db.swapRequest.count({ where: { profileId: profile.id, status: "pending_approval" } }),
    opts.db.representation.findMany({
      where: { principalUserId: profile.principalUserId, status: "ACTIVE" },
      select: { id: true, commissionPercent: true, agent: { select: { id: true, name: true } } },
    }),
    // Delivered outputs a consent revocation would mark revoked in the registry.
    opts.db.renderOutput.count({ where: { profileId: profile.id, revokedAt: null } }),
  ]);
  const { wrappedDataKey: _key, ...safe } = profile;
  return {
    profile: safe,
    principal,
    consent,
    consents,
    offers,
    assets,
    openRequestCount,
    pendingRequestCount,
    liveOutputCount,
    agents: agents.map((a) => ({ ...a, commissionPercent: a.commissionPercent.toString() })),
    isPrincipal: profile.principalUserId === opts.actor.userId,
  };
}
