import { createHash } from "node:crypto";
import { USE_CATEGORY_LABELS, type UseCategory } from "@/lib/licensing/vocabulary";
import { PROHIBITED_USE_LABELS, PROHIBITED_USES } from "@/lib/licensing/vocabulary";

// The consent document is its own document, shown in full and signed on its own.
// Its exact text is rebuilt from (version, names, scopes, expiry) and hashed; the
// signer's browser submits the hash of what it displayed, and signing is refused
// if that differs from the server's text, so the record proves what was shown.

export const CONSENT_TEXT_VERSION = "2026-11-01";

export type ConsentDocumentInput = {
  displayName: string;
  deceased: boolean;
  scopes: readonly UseCategory[];
  expiresAt: Date;
};

const SCOPE_DESCRIPTIONS: Record<UseCategory, string> = {
  advertising: "advertising and sponsored content for a named brand, product or service",
  film_tv: "scenes in films, television series and their trailers",
  music_video: "music videos and their promotional cuts",
  game: "characters and cut-scenes in video games",
  education: "training, educational and museum material",
  parody: "clearly labelled parody and satire",
  other: "other uses, each described and approved case by case",
};

export function consentDocumentText(input: ConsentDocumentInput): string {
  const who = input.deceased ? `the late ${input.displayName}` : input.displayName;
  const signer = input.deceased ? "the estate of " + input.displayName : input.displayName;
  const scopes = input.scopes.map((s) => `  - ${USE_CATEGORY_LABELS[s]}: ${SCOPE_DESCRIPTIONS[s]}`).join("\n");
  const prohibited = PROHIBITED_USES.map((p) => `  - ${PROHIBITED_USE_LABELS[p]}`).join("\n");
  return [
    `LIKENESS CONSENT (version ${CONSENT_TEXT_VERSION})`,
    ``,
    `1. Who consents. I, signing below as ${signer}, consent to the use of the face likeness of ${who} on the Likeness platform as set out in this document, and only as set out here.`,
    ``,
    `2. What may be made. Studios may order AI-generated face swaps that place this likeness onto performers in their own footage, only under a license offer that I (or my agent, with my sign-off) publish, and only for these uses:`,
    scopes,
    ``,
    `3. What is never allowed, whatever a license says:`,
    prohibited,
    ``,
    `4. Disclosure. Every output carries a visible disclosure and an invisible watermark that identifies the license it was made under. Anyone can verify an output.`,
    ``,
    `5. Biometric data. Likeness stores the reference photos I upload, face measurements derived from them and face models trained on them, encrypted with a key that belongs to this likeness alone. They are used only to render licensed outputs. They are destroyed when I ask, or automatically after this consent ends, as described on the public biometric data page.`,
    ``,
    `6. Duration. This consent ends on ${input.expiresAt.toISOString().slice(0, 10)} unless I revoke it earlier. I may revoke it at any time; revocation stops new uses at once, rejects open requests and marks delivered outputs as revoked.`,
    ``,
    `7. Record. My typed legal name, the time, my IP address and browser are recorded with a fingerprint (SHA-256) of this exact text.`,
  ].join("\n");
}

export function consentDocumentHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
