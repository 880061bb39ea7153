import type { Actor } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import type { Db, Tx } from "@/lib/db/client";
import { HISTORY_ACTIONS, summarizeProfileHistory, type HistoryEntry } from "./revocation-record";

/**
 * When the profile's biometric data was last destroyed (revocation with
 * destruction, or the retention schedule), from the audit event that recorded
 * it; null if it never was. Verifications and consent videos from before this
 * moment belong to the destroyed likeness and count for nothing once the
 * profile is rebuilt under new consent.
 */
export async function lastBiometricsDestruction(client: Db | Tx, profileId: string): Promise<Date | null> {
  const e = await client.auditEvent.findFirst({
    where: { subjectType: "LikenessProfile", subjectId: profileId, action: "biometrics.destroyed" },
    orderBy: { seq: "desc" },
    select: { at: true },
  });
  return e?.at ?? null;
}

/**
 * The profile's consent and destruction record for its managers (its
 * principal, or an agent who actively represents them; anyone else: 404),
 * read from the audit events: signatures, revocations, offers withdrawn,
 * outputs marked revoked, photos, consent videos and models destroyed.
 */
export async function getProfileHistory(opts: { db: Db; actor: Actor; profileId: string }): Promise<HistoryEntry[]> {
  const profile = await loadManagedProfile(opts.db, opts.actor, opts.profileId);
  const [consents, model, outputs, offers] = await Promise.all([
    opts.db.consentRecord.findMany({ where: { profileId: profile.id }, select: { id: true, version: true } }),
    opts.db.talentModel.findUnique({ where: { profileId: profile.id }, select: { id: true } }),
    opts.db.renderOutput.findMany({ where: { profileId: profile.id, revokedAt: { not: null } }, select: { id: true } }),
    opts.db.licenseOffer.findMany({ where: { profileId: profile.id, status: "REVOKED" }, select: { id: true } }),
  ]);
  const events = await opts.db.auditEvent.findMany({
    where: {
      action: { in: [...HISTORY_ACTIONS] },
      OR: [
        { subjectType: "LikenessProfile", subjectId: profile.id },
        { subjectType: "ConsentRecord", subjectId: { in: consents.map((c) => c.id) } },
        ...(model ? [{ subjectType: "TalentModel", subjectId: model.id }] : []),
        { subjectType: "RenderOutput", subjectId: { in: outputs.map((o) => o.id) } },
        { subjectType: "LicenseOffer", subjectId: { in: offers.map((o) => o.id) } },
      ],
    },
    orderBy: { seq: "asc" },
    select: { seq: true, at: true, action: true, subjectType: true, subjectId: true, payload: true },
  });
  return summarizeProfileHistory(events, new Map(consents.map((c) => [c.id, c.version])));
}
