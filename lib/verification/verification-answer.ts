import { verifyManifest } from "../provenance/sign-manifest";
import type { TSignedManifest } from "../provenance/types";
import { licenseStatusAt } from "./license-status";
import type { VerificationAnswer, VerificationInput } from "./types";

// The public verification answer as a pure function. The manifest shown is
// the one bound to this file: by exact hash first (hard binding), else by the
// watermark payload or pasted code (soft binding). License status and names
// come from the registry only when the manifest's signature holds, so a forged
// manifest can never borrow a real license's "valid".
function pickManifest(input: VerificationInput, payload: string | null): { manifest: TSignedManifest | null; exact: boolean } {
  const hash = input.fileSha256?.toLowerCase();
  const exact = hash ? input.manifests.find((m) => m.claim.assertions.hashData.hash === hash) : undefined;
  if (exact) return { manifest: exact, exact: true };
  const soft = payload ? input.manifests.find((m) => m.claim.assertions.softBinding.payload === payload) : undefined;
  return { manifest: soft ?? null, exact: false };
}

export function verificationAnswer(input: VerificationInput): VerificationAnswer {
  const wm = input.watermark;
  const payload = (wm?.found ? wm.payload : null) ?? input.codePayload?.toLowerCase() ?? null;
  const { manifest, exact } = pickManifest(input, payload);
  const check = manifest ? (input.checkedManifests?.get(manifest) ?? verifyManifest(manifest, input.publicKeys)) : null;
  const signatureValid = check ? check.valid : null;
  const license =
    signatureValid && manifest && input.license?.licenseId === manifest.claim.assertions.license.licenseId ? input.license : null;
  const licenseStatus = signatureValid ? licenseStatusAt(license, input.now) : "unknown";
  const names = signatureValid && manifest ? manifest.claim.assertions.license : null;
  const answer: Omit<VerificationAnswer, "summary"> = {
    watermark: wm
      ? { found: wm.found, status: wm.status, payload: wm.payload, bitErrorsCorrected: wm.bitErrorsCorrected, confidence: wm.confidence }
      : { found: false, status: "not-checked", payload: null, bitErrorsCorrected: null, confidence: null },
    manifest,
    signatureValid,
    signatureProblem: check && !check.valid ? check.reason : null,
    exactFileMatch: exact && signatureValid === true,
    licenseStatus,
    talentDisplayName: license?.talentDisplayName ?? names?.talent.displayName ?? null,
    studioDisplayName: license?.studioDisplayName ?? names?.studio.displayName ?? null,
  };
  return { ...answer, summary: summarise(answer) };
}

function summarise(a: Omit<VerificationAnswer, "summary">): string {
  if (!a.manifest) {
    if (a.watermark.status === "damaged") return "A Likeness watermark is present but too damaged to read; no record can be shown.";
    if (a.watermark.found) return "A Likeness watermark was found, but no record matches it.";
    return "No Likeness watermark or record was found for this file or code.";
  }
  if (!a.signatureValid) return `A record was found but its signature is not valid (${a.signatureProblem}); do not trust it.`;
  const who = `${a.talentDisplayName} for ${a.studioDisplayName}`;
  const match = a.exactFileMatch ? "This exact file was issued" : "This content carries the mark of an output issued";
  const status = {
    valid: "the license is valid",
    expired: "the license has EXPIRED",
    revoked: "the license has been REVOKED",
    unknown: "the license's current status is unknown",
  }[a.licenseStatus];
  return `${match} under a license of ${who}; ${status}.`;
}
