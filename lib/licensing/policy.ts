import { consentNotInForce, profileGateReasons, type PolicyProfile } from "./gates";
import { uncoveredTerritories } from "./territories";
import {
  MIN_INTENDED_USE_CHARS,
  PROHIBITED_USES,
  PROHIBITED_USE_LABELS,
  USE_CATEGORY_LABELS,
  type ProhibitedUse,
  type UseCategory,
} from "./vocabulary";

// The policy engine: pure functions from (consent, offer, request, now) to a
// decision with every reason that applies. Pages and the API only show these
// reasons; nothing else decides whether a request may go ahead.

export type PolicyConsent = {
  acceptedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  /** Use categories the signed consent covers. */
  scopes: readonly string[];
};

export type PolicyOffer = {
  status: "ACTIVE" | "REVOKED";
  termStart: Date;
  termEnd: Date;
  allowedCategories: readonly string[];
  extraExclusions: readonly string[];
  territories: readonly string[];
  channels: readonly string[];
  maxRenders: number;
  maxOutputSeconds: number;
  approvalMode: "MANUAL" | "AUTO";
  /** Renders and output seconds already committed to approved requests. */
  usage: { renders: number; outputSeconds: number };
};

export type PolicyRequest = {
  category: string;
  contentDeclarations: readonly string[];
  topics: readonly string[];
  territories: readonly string[];
  channels: readonly string[];
  campaignStart: Date;
  campaignEnd: Date;
  outputSeconds: number;
  intendedUse: string;
  hasTargetFootage: boolean;
  hasRelease: boolean;
};

export type { PolicyProfile } from "./gates";

export type PolicyReasonCode =
  | "consent_missing"
  | "consent_revoked"
  | "consent_expired"
  | "consent_scope"
  // Gates before licensing (gates.ts).
  | "estate_authority_unverified"
  | "too_few_usable_photos"
  | "talent_unverified"
  | "identity_conflict"
  | "offer_inactive"
  | "offer_outside_term"
  | "render_quota_used_up"
  | "seconds_quota_exceeded"
  | "category_prohibited"
  | "prohibited_content"
  | "category_not_allowed"
  | "topic_excluded"
  | "territory_not_covered"
  | "channel_not_covered"
  | "campaign_dates_invalid"
  | "campaign_outside_term"
  | "intended_use_too_short"
  | "target_footage_missing"
  | "release_missing";

export type PolicyReason = { code: PolicyReasonCode; message: string; field?: string };

export type PolicyOutcome = "deny" | "needs_approval" | "allow";

export type PolicyDecision = { outcome: PolicyOutcome; reasons: PolicyReason[] };

export type PolicyInput = {
  consent: PolicyConsent | null;
  /** The profile's gates before licensing (gates.ts): checked again on every request, not only when the offer was published. */
  profile: PolicyProfile;
  offer: PolicyOffer;
  request: PolicyRequest;
  now: Date;
};

const day = (d: Date) => d.toISOString().slice(0, 10);
const isProhibited = (s: string): s is ProhibitedUse => (PROHIBITED_USES as readonly string[]).includes(s);
const categoryLabel = (c: string) => USE_CATEGORY_LABELS[c as UseCategory] ?? c;

function consentReasons(consent: PolicyConsent | null, category: string, now: Date): PolicyReason[] {
  const notInForce = consentNotInForce(consent, now);
  if (notInForce) return [notInForce];
  if (!consent!.scopes.includes(category)) {
    return [
      {
        code: "consent_scope",
        field: "category",
        message: `The talent's consent does not cover ${categoryLabel(category)} uses.`,
      },
    ];
  }
  return [];
}

function offerReasons(offer: PolicyOffer, request: PolicyRequest, now: Date): PolicyReason[] {
  const reasons: PolicyReason[] = [];
  if (offer.status !== "ACTIVE") reasons.push({ code: "offer_inactive", message: "This license offer has been revoked." });
  if (now < offer.termStart || now > offer.termEnd) {
    reasons.push({
      code: "offer_outside_term",
      message: `This license runs from ${day(offer.termStart)} to ${day(offer.termEnd)}; it is not in force today.`,
    });
  }
  if (offer.usage.renders >= offer.maxRenders) {
    reasons.push({
      code: "render_quota_used_up",
      message: `All ${offer.maxRenders} renders this license allows are already committed.`,
    });
  }
  const secondsLeft = Math.max(0, offer.maxOutputSeconds - offer.usage.outputSeconds);
  if (request.outputSeconds > secondsLeft) {
    reasons.push({
      code: "seconds_quota_exceeded",
      field: "outputSeconds",
      message: `This license has ${secondsLeft} output seconds left; the request asks for ${request.outputSeconds}.`,
    });
  }
  return reasons;
}

function useReasons(offer: PolicyOffer, request: PolicyRequest): PolicyReason[] {
  const reasons: PolicyReason[] = [];
  // Prohibited uses are checked before, and regardless of, what the offer allows.
  if (isProhibited(request.category)) {
    reasons.push({
      code: "category_prohibited",
      field: "category",
      message: `${PROHIBITED_USE_LABELS[request.category]} is never allowed on Likeness.`,
    });
  } else if (!offer.allowedCategories.includes(request.category)) {
    reasons.push({
      code: "category_not_allowed",
      field: "category",
      message: `This license does not allow ${categoryLabel(request.category)} uses.`,
    });
  }
  for (const declared of request.contentDeclarations) {
    if (isProhibited(declared)) {
      reasons.push({
        code: "prohibited_content",
        field: "contentDeclarations",
        message: `${PROHIBITED_USE_LABELS[declared]} is never allowed on Likeness.`,
      });
    }
  }
  for (const topic of request.topics) {
    if (offer.extraExclusions.includes(topic)) {
      reasons.push({
        code: "topic_excluded",
        field: "topics",
        message: `The talent excludes ${topic.replace(/_/g, " ")} from this license.`,
      });
    }
  }
  const territories = uncoveredTerritories(offer.territories, request.territories);
  if (territories.length) {
    reasons.push({
      code: "territory_not_covered",
      field: "territories",
      message: `This license does not cover: ${territories.join(", ")}.`,
    });
  }
  const channels = request.channels.filter((c) => !offer.channels.includes(c));
  if (channels.length) {
    reasons.push({
      code: "channel_not_covered",
      field: "channels",
      message: `This license does not cover the channels: ${channels.join(", ")}.`,
    });
  }
  return reasons;
}

function requestReasons(offer: PolicyOffer, request: PolicyRequest): PolicyReason[] {
  const reasons: PolicyReason[] = [];
  if (request.campaignEnd < request.campaignStart) {
    reasons.push({ code: "campaign_dates_invalid", field: "campaignEnd", message: "The campaign ends before it starts." });
  } else if (request.campaignStart < offer.termStart || request.campaignEnd > offer.termEnd) {
    reasons.push({
      code: "campaign_outside_term",
      field: "campaignEnd",
      message: `The campaign (${day(request.campaignStart)} to ${day(request.campaignEnd)}) must fall within the license term (${day(offer.termStart)} to ${day(offer.termEnd)}).`,
    });
  }
  if (request.intendedUse.trim().length < MIN_INTENDED_USE_CHARS) {
    reasons.push({
      code: "intended_use_too_short",
      field: "intendedUse",
      message: `Describe the intended use specifically, in at least ${MIN_INTENDED_USE_CHARS} characters.`,
    });
  }
  if (!request.hasTargetFootage) {
    reasons.push({ code: "target_footage_missing", field: "targetUploadId", message: "Upload the target footage." });
  }
  if (!request.hasRelease) {
    reasons.push({
      code: "release_missing",
      field: "releaseUploadId",
      message: "Upload a signed release from the person who appears in the target footage.",
    });
  }
  return reasons;
}

export function evaluatePolicy({ consent, profile, offer, request, now }: PolicyInput): PolicyDecision {
  const reasons = [
    ...consentReasons(consent, request.category, now),
    ...profileGateReasons(profile),
    ...offerReasons(offer, request, now),
    ...useReasons(offer, request),
    ...requestReasons(offer, request),
  ];
  if (reasons.length) return { outcome: "deny", reasons };
  return { outcome: offer.approvalMode === "AUTO" ? "allow" : "needs_approval", reasons: [] };
}

/** Whether a consent is in force now (signed, not revoked, not expired). */
export function isConsentActive(consent: PolicyConsent | null, now: Date): boolean {
  return !!consent && !(consent.revokedAt && consent.revokedAt <= now) && consent.expiresAt > now;
}

/** Whether an offer can take requests now (active and within its term). */
export function isOfferOpen(offer: Pick<PolicyOffer, "status" | "termStart" | "termEnd">, now: Date): boolean {
  return offer.status === "ACTIVE" && now >= offer.termStart && now <= offer.termEnd;
}
