import type { Actor } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { invalid, parseInput } from "@/lib/errors";
import { USE_CATEGORIES, type UseCategory } from "@/lib/licensing/vocabulary";
import { CONSENT_TEXT_VERSION, consentDocumentHash, consentDocumentText } from "./consent-document";
import { ZPreviewConsent } from "./types";

export type ConsentPreview = { text: string; textSha256: string; textVersion: string };

/**
 * The exact consent text (and its SHA-256) for a profile, the chosen uses and
 * an expiry, as the signer will see it. Built on the server by the same
 * function signConsent uses, so the hash the browser submits matches only if
 * the person saw this text. Anyone who manages the profile may read it (an
 * agent prepares; only the principal signs).
 */
export async function previewConsent(opts: {
  db: Db;
  actor: Actor;
  input: { profileId: string; scopes: readonly string[]; expiresAt: string | Date };
}): Promise<ConsentPreview> {
  const { profileId } = parseInput(ZPreviewConsent, { profileId: opts.input.profileId });
  const profile = await loadManagedProfile(opts.db, opts.actor, profileId);
  const expiresAt = new Date(opts.input.expiresAt);
  if (Number.isNaN(expiresAt.getTime())) throw invalid("expiresAt", "Enter a valid expiry date");
  // Listed in the vocabulary's order, whatever order they were ticked in, as signConsent does.
  const chosen = new Set(opts.input.scopes);
  const scopes = USE_CATEGORIES.filter((c): c is UseCategory => chosen.has(c));
  const text = consentDocumentText({ displayName: profile.displayName, deceased: profile.deceased, scopes, expiresAt });
  return { text, textSha256: consentDocumentHash(text), textVersion: CONSENT_TEXT_VERSION };
}
