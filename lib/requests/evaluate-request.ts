import { lockAuditChain } from "@/lib/audit/append-audit-event";
import { currentConsent, toPolicyConsent } from "@/lib/consent/current-consent";
import type { Tx } from "@/lib/db/client";
import { evaluatePolicy, type PolicyDecision } from "@/lib/licensing/policy";
import { offerUsage } from "@/lib/offers/offer-usage";
import { loadPolicyProfile } from "@/lib/profiles/licensing-gates";

type RequestRow = {
  offerId: string;
  profileId: string;
  category: string;
  contentDeclarations: string[];
  topics: string[];
  territories: string[];
  channels: string[];
  campaignStart: Date;
  campaignEnd: Date;
  outputSeconds: number;
  intendedUse: string;
  targetUploadId: string | null;
  releaseUploadId: string | null;
};

/**
 * Gathers the policy engine's inputs for a stored request and asks it. The
 * quota read here and the approval that follows must not interleave with another
 * approval under the same offer (two approvals could each see the last render
 * free), so the audit chain's lock, which every approval takes anyway, is taken
 * first and held until the caller's transaction commits.
 */
export async function evaluateStoredRequest(tx: Tx, request: RequestRow, now: Date): Promise<PolicyDecision> {
  await lockAuditChain(tx);
  const [offer, consent, usage, profileRow] = await Promise.all([
    tx.licenseOffer.findUniqueOrThrow({ where: { id: request.offerId } }),
    currentConsent(tx, request.profileId),
    offerUsage(tx, request.offerId),
    tx.likenessProfile.findUniqueOrThrow({ where: { id: request.profileId }, select: { id: true, deceased: true, wrappedDataKey: true } }),
  ]);
  // The gates are checked again on every request: an offer published while they were open stops taking requests when one closes.
  const profile = await loadPolicyProfile(tx, profileRow);
  return evaluatePolicy({
    now,
    consent: toPolicyConsent(consent),
    profile,
    offer: { ...offer, usage },
    request: {
      ...request,
      hasTargetFootage: request.targetUploadId !== null,
      hasRelease: request.releaseUploadId !== null,
    },
  });
}
