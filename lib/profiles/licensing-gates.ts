import type { Actor } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import { licensingConfig } from "@/lib/config";
import { currentConsent, toPolicyConsent } from "@/lib/consent/current-consent";
import type { Db, Tx } from "@/lib/db/client";
import { closedGateReasons, licensingGates, type EstateAuthorityState, type GateCheck, type PolicyProfile } from "@/lib/licensing/gates";
import type { PolicyConsent, PolicyReason } from "@/lib/licensing/policy";
import { blockingConflict } from "@/lib/identity/identity-conflicts";
import { identityStatusOf } from "@/lib/identity/verification-status";
import { likenessSetReportOf } from "@/lib/likeness-analysis/likeness-set-report";

// Loads what the gates before licensing (lib/licensing/gates.ts) need to know
// of a profile: the estate's proof of authority, the likeness set's usable
// photos (the set report's own count, recomputed from the stored analysis),
// the talent's verification and any identity conflict it waits on.

type ProfileRow = { id: string; deceased: boolean; wrappedDataKey: Uint8Array | null };

/** An estate's authority: approved while any of its proofs is approved, else the latest proof's state. */
export async function estateAuthorityState(client: Db | Tx, profile: { id: string; deceased: boolean }): Promise<EstateAuthorityState> {
  if (!profile.deceased) return "not_needed";
  const approved = await client.estateAuthorityProof.findFirst({
    where: { profileId: profile.id, status: "approved" },
    select: { id: true },
  });
  if (approved) return "approved";
  const latest = await client.estateAuthorityProof.findFirst({
    where: { profileId: profile.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { status: true },
  });
  return latest?.status ?? "missing";
}

export async function loadPolicyProfile(client: Db | Tx, profile: ProfileRow): Promise<PolicyProfile> {
  const [estateAuthority, set, identity, identityConflict] = await Promise.all([
    estateAuthorityState(client, profile),
    likenessSetReportOf(client, profile),
    profile.deceased ? null : identityStatusOf(client, profile.id),
    blockingConflict(client, profile.id),
  ]);
  return {
    estateAuthority,
    usablePhotos: set.report?.usableCount ?? 0,
    pendingPhotos: set.pending,
    minUsablePhotos: licensingConfig().minUsablePhotos,
    verified: identity ? identity.verified : null,
    verificationPending: !!identity?.latest && ["analysing", "review"].includes(identity.latest.status),
    identityConflict,
  };
}

export type ProfileGates = { consent: PolicyConsent | null; profile: PolicyProfile; gates: GateCheck[]; closed: PolicyReason[] };

/** Every gate of a profile now, and the reasons of the closed ones (empty: it may publish offers). */
export async function loadProfileGates(client: Db | Tx, profile: ProfileRow, now = new Date()): Promise<ProfileGates> {
  const [consentRow, policyProfile] = await Promise.all([currentConsent(client, profile.id), loadPolicyProfile(client, profile)]);
  const consent = toPolicyConsent(consentRow);
  const input = { consent, profile: policyProfile, now };
  return { consent, profile: policyProfile, gates: licensingGates(input), closed: closedGateReasons(input) };
}

/** The gates of a profile the actor manages (the profile page's checklist). */
export async function getProfileGates(opts: { db: Db; actor: Actor; profileId: string; now?: Date }): Promise<ProfileGates> {
  const profile = await loadManagedProfile(opts.db, opts.actor, opts.profileId);
  return loadProfileGates(opts.db, profile, opts.now);
}
