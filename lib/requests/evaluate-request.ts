import { currentConsent, toPolicyConsent } from "@/lib/consent/current-consent";
import type { Tx } from "@/lib/db/client";
import { evaluatePolicy, type PolicyDecision } from "@/lib/licensing/policy";
import { offerUsage } from "@/lib/offers/offer-usage";

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

/** Gathers the policy engine's inputs for a stored request and asks it. */
export async function evaluateStoredRequest(tx: Tx, request: RequestRow, now: Date): Promise<PolicyDecision> {
  const [offer, consent, usage] = await Promise.all([
    tx.licenseOffer.findUniqueOrThrow({ where: { id: request.offerId } }),
    currentConsent(tx, request.profileId),
    offerUsage(tx, request.offerId),
  ]);
  return evaluatePolicy({
    now,
    consent: toPolicyConsent(consent),
    offer: { ...offer, usage },
    request: {
      ...request,
      hasTargetFootage: request.targetUploadId !== null,
      hasRelease: request.releaseUploadId !== null,
    },
  });
}
