import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadProfileAsPrincipal } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";
import { revokeOffersOfProfile } from "@/lib/offers/revoke-offer";
import { revokeOutputs } from "@/lib/outputs/revoke-outputs";
import { destroyBiometricsInTx } from "@/lib/profiles/destroy-biometrics";
import { revokeOpenRequests } from "@/lib/requests/revoke-open-requests";
import { currentConsent } from "./current-consent";
import { ZRevokeConsent, type TRevokeConsent } from "./types";

/**
 * Revokes the whole consent: a dated revocation row (the consent itself is never
 * edited), every active offer revoked, every open request and delivered output
 * revoked with the reason, and on request the biometric data destroyed — all in one transaction.
 */
export async function revokeConsent(opts: { db: Db; actor: Actor; meta: RequestMeta; input: TRevokeConsent; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const input = parseInput(ZRevokeConsent, opts.input);
  let deleteFiles: (() => Promise<void>) | null = null;
  const result = await db.$transaction(async (tx) => {
    const profile = await loadProfileAsPrincipal(tx, actor, input.profileId);
    const consent = await currentConsent(tx, profile.id);
    if (!consent) throw new AppError("CONFLICT", "There is no signed consent to revoke.");
    if (consent.revocation) throw new AppError("CONFLICT", "This consent is already revoked.");
    await tx.consentRevocation.create({
      data: {
        consentId: consent.id,
        revokedAt: now,
        reason: input.reason,
        revokedById: actor.userId,
        destroyBiometrics: input.destroyBiometrics,
      },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: "consent.revoked",
      subjectType: "ConsentRecord",
      subjectId: consent.id,
      payload: { profileId: profile.id, reason: input.reason, destroyBiometrics: input.destroyBiometrics },
    });
    const reason = `Consent revoked: ${input.reason}`;
    const offers = await revokeOffersOfProfile(tx, { profileId: profile.id, actor, meta, reason, at: now });
    // Requests under a revoked offer were closed with it; any left (e.g. under an offer revoked earlier) close here.
    const rest = await revokeOpenRequests(tx, { actor, meta, where: { profileId: profile.id }, reason, at: now });
    // Likewise for delivered outputs: every output of the profile is marked revoked in the registry.
    const outputs = await revokeOutputs(tx, { actor, meta, where: { profileId: profile.id }, reason, at: now });
    if (input.destroyBiometrics) {
      deleteFiles = await destroyBiometricsInTx(tx, {
        profileId: profile.id,
        actor,
        meta,
        reason: "Consent revoked with a destruction request",
        at: now,
      });
    }
    return {
      consentId: consent.id,
      revokedOffers: offers.offers,
      revokedRequests: [...offers.requests, ...rest],
      revokedOutputs: [...offers.outputs, ...outputs],
    };
  });
  if (deleteFiles) await (deleteFiles as () => Promise<void>)();
  return result;
}
