import type { PolicyConsent, PolicyReason } from "./policy";

// The gates before licensing: what must hold of a likeness profile before any
// of its offers can be published or used, whatever the offer or the request.
// Pure, like the rest of the policy engine. The same function closes publishing
// (lib/offers/publish-offer.ts), denies a request under an offer published
// earlier (evaluatePolicy, e.g. when the photos were destroyed since), and
// draws the checklist on the profile page, so all three always agree.
//
// Gates, in the order a talent meets them:
//   consent          signed, not revoked, not expired
//   estate_authority an estate's proof of authority approved by an admin (estates only)
//   likeness_set     at least LIKENESS_MIN_USABLE_PHOTOS usable photos of one person
//   talent_verified  the talent recorded "Verify it's you" and it was verified
//                    (living talent; an estate is verified by its authority)
//   one_face         no open or upheld identity conflict: the set's face is not
//                    another person's profile's (lib/identity/one-face-one-owner.ts)

export type EstateAuthorityState =
  /** A living talent's profile: no proof needed. */
  "not_needed" | "missing" | "pending" | "approved" | "rejected";

/** What the gates need to know of a profile (loaded by lib/profiles/licensing-gates.ts). */
export type PolicyProfile = {
  estateAuthority: EstateAuthorityState;
  /** Usable photos in the likeness set (the set report's count: one person, sharp, one face, large enough). */
  usablePhotos: number;
  /** Photos still waiting for analysis (shown in the checklist, not a gate of their own). */
  pendingPhotos: number;
  /** LIKENESS_MIN_USABLE_PHOTOS. */
  minUsablePhotos: number;
  /** "Verify it's you" was verified for this talent; null for an estate's profile (its authority stands in). */
  verified: boolean | null;
  /** The latest verification attempt waits for the check or an admin (shown in the checklist). */
  verificationPending: boolean;
  /** An identity conflict this profile waits on: open (an admin decides) or upheld (the face is another person's). */
  identityConflict: "open" | "upheld" | null;
};

export type GateKey = "consent" | "estate_authority" | "likeness_set" | "talent_verified" | "one_face";

export type GateCheck = {
  gate: GateKey;
  label: string;
  open: boolean;
  /** Closed: the reason (as the studio sees it on a denied request). */
  reason?: PolicyReason;
  /** What the talent (or estate, or agent) does next, or what is done. */
  detail: string;
};

const day = (d: Date) => d.toISOString().slice(0, 10);
const photos = (n: number) => `${n} usable ${n === 1 ? "photo" : "photos"}`;

/** Why a consent is not in force now (missing, revoked, expired), or null when it is. */
export function consentNotInForce(consent: PolicyConsent | null, now: Date): PolicyReason | null {
  if (!consent) return { code: "consent_missing", message: "The talent has no signed consent on file." };
  if (consent.revokedAt && consent.revokedAt <= now) {
    return { code: "consent_revoked", message: `The talent revoked consent on ${day(consent.revokedAt)}.` };
  }
  if (consent.expiresAt <= now) {
    return { code: "consent_expired", message: `The talent's consent expired on ${day(consent.expiresAt)}.` };
  }
  return null;
}

function estateAuthorityReason(state: EstateAuthorityState): PolicyReason | null {
  if (state === "not_needed" || state === "approved") return null;
  return {
    code: "estate_authority_unverified",
    message:
      state === "pending"
        ? "The estate's proof of authority is waiting for review; this likeness cannot be licensed until it is approved."
        : "The estate's authority to license this likeness has not been verified.",
  };
}

function likenessSetReason(profile: PolicyProfile): PolicyReason | null {
  if (profile.usablePhotos >= profile.minUsablePhotos) return null;
  return {
    code: "too_few_usable_photos",
    message: `The likeness set has ${photos(profile.usablePhotos)}; at least ${profile.minUsablePhotos} are needed before this likeness can be licensed.`,
  };
}

function verifiedReason(profile: PolicyProfile): PolicyReason | null {
  if (profile.verified !== false) return null;
  return {
    code: "talent_unverified",
    message: "The talent has not verified that the face in the likeness set is theirs; this likeness cannot be licensed until they do.",
  };
}

function conflictReason(profile: PolicyProfile): PolicyReason | null {
  if (!profile.identityConflict) return null;
  return {
    code: "identity_conflict",
    message:
      profile.identityConflict === "open"
        ? "The likeness set's face matches another person's profile; an admin is reviewing who it belongs to."
        : "The likeness set's face belongs to another person's profile; this likeness cannot be licensed.",
  };
}

/** Every gate with its state, in order (the profile page's checklist). */
export function licensingGates(input: { consent: PolicyConsent | null; profile: PolicyProfile; now: Date }): GateCheck[] {
  const { consent, profile, now } = input;
  const checks: GateCheck[] = [];
  const consentReason = consentNotInForce(consent, now);
  checks.push({
    gate: "consent",
    label: "Consent signed and in force",
    open: !consentReason,
    ...(consentReason ? { reason: consentReason } : {}),
    detail: consentReason
      ? consentReason.code === "consent_missing"
        ? "Read and sign the consent."
        : `${consentReason.message.replace(/^The talent's|^The talent/, "The")} Sign a new version to license again.`
      : `In force until ${day(consent!.expiresAt)}.`,
  });
  if (profile.estateAuthority !== "not_needed") {
    const reason = estateAuthorityReason(profile.estateAuthority);
    checks.push({
      gate: "estate_authority",
      label: "Estate's authority verified",
      open: !reason,
      ...(reason ? { reason } : {}),
      detail: {
        not_needed: "",
        approved: "An admin approved the proof of authority.",
        pending: "Your proof of authority is waiting for an admin's review.",
        rejected: "Your proof of authority was rejected; upload a new one.",
        missing: "Upload proof of authority (letters testamentary, a court order or similar).",
      }[profile.estateAuthority],
    });
  }
  const setReason = likenessSetReason(profile);
  checks.push({
    gate: "likeness_set",
    label: `At least ${profile.minUsablePhotos} usable photos in the likeness set`,
    open: !setReason,
    ...(setReason ? { reason: setReason } : {}),
    detail: setReason
      ? `${photos(profile.usablePhotos)} so far${profile.pendingPhotos ? ` (${profile.pendingPhotos} still being analysed)` : ""}: add ${profile.minUsablePhotos - profile.usablePhotos} more sharp photo${profile.minUsablePhotos - profile.usablePhotos === 1 ? "" : "s"} of the face.`
      : `${photos(profile.usablePhotos)}.`,
  });
  if (profile.verified !== null) {
    const reason = verifiedReason(profile);
    checks.push({
      gate: "talent_verified",
      label: "Talent verified (\u201cVerify it's you\u201d)",
      open: !reason,
      ...(reason ? { reason } : {}),
      detail: reason
        ? profile.verificationPending
          ? "The verification video is being checked or reviewed."
          : "The talent records a short video on the Verification tab."
        : "The face in the likeness set was confirmed to be the talent's.",
    });
  }
  const conflict = conflictReason(profile);
  checks.push({
    gate: "one_face",
    label: "The face is not another person's profile",
    open: !conflict,
    ...(conflict ? { reason: conflict } : {}),
    detail: conflict
      ? profile.identityConflict === "open"
        ? "An admin is reviewing a match with another profile."
        : "An admin found this face belongs to another profile."
      : "No other profile shows this face.",
  });
  return checks;
}

/**
 * The reasons of the closed gates other than consent (evaluatePolicy reports
 * consent with its scope), in checklist order.
 */
export function profileGateReasons(profile: PolicyProfile): PolicyReason[] {
  return [
    estateAuthorityReason(profile.estateAuthority),
    likenessSetReason(profile),
    verifiedReason(profile),
    conflictReason(profile),
  ].filter((r): r is PolicyReason => r !== null);
}

/** Every closed gate's reason, consent included: empty when the profile may publish offers. */
export function closedGateReasons(input: { consent: PolicyConsent | null; profile: PolicyProfile; now: Date }): PolicyReason[] {
  return licensingGates(input).flatMap((g) => (g.reason ? [g.reason] : []));
}
