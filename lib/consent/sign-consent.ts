import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadProfileAsPrincipal } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, invalid, parseInput } from "@/lib/errors";
import { verifiedConsentVideo } from "@/lib/identity/consent-video-reference";
import { CONSENT_TEXT_VERSION, consentDocumentHash, consentDocumentText } from "./consent-document";
import { MAX_CONSENT_YEARS, ZSignConsent, type TSignConsent } from "./types";

/**
 * Signs a new consent version. Records are never edited: each signature is a new
 * row with the next version number, which supersedes the one before.
 */
export async function signConsent(opts: { db: Db; actor: Actor; meta: RequestMeta; input: TSignConsent; now?: Date }) {
  const { db, actor, meta } = opts;
  const now = opts.now ?? new Date();
  const input = parseInput(ZSignConsent, opts.input);
  if (input.expiresAt <= now) throw invalid("expiresAt", "The expiry date must be in the future");
  const limit = new Date(now);
  limit.setFullYear(limit.getFullYear() + MAX_CONSENT_YEARS);
  return db.$transaction(async (tx) => {
    const profile = await loadProfileAsPrincipal(tx, actor, input.profileId);
    if (profile.biometricsDestroyedAt) {
      throw new AppError("CONFLICT", "This likeness's data was destroyed; create a new profile to consent again.");
    }
    if (!profile.deceased && input.expiresAt > limit) {
      throw invalid("expiresAt", `Consent for a living person can last at most ${MAX_CONSENT_YEARS} years`);
    }
    const text = consentDocumentText({
      displayName: profile.displayName,
      deceased: profile.deceased,
      scopes: input.scopes,
      expiresAt: input.expiresAt,
    });
    const textSha256 = consentDocumentHash(text);
    if (textSha256 !== input.textSha256) {
      throw new AppError(
        "CONFLICT",
        "The consent text changed since you opened it (or your choices changed it). Read it again and sign.",
        { textSha256: "The consent text you saw differs from the current text" },
      );
    }
    const last = await tx.consentRecord.findFirst({ where: { profileId: profile.id }, orderBy: { version: "desc" } });
    // Consent signed after the face was verified references that consent video too.
    const video = await verifiedConsentVideo(tx, profile.id);
    const consent = await tx.consentRecord.create({
      data: {
        profileId: profile.id,
        version: (last?.version ?? 0) + 1,
        textVersion: CONSENT_TEXT_VERSION,
        textSha256,
        scopes: input.scopes,
        legalName: input.legalName,
        signerUserId: actor.userId,
        signerRole: actor.role,
        acceptedAt: now,
        ipAddress: meta.ip,
        userAgent: meta.userAgent,
        expiresAt: input.expiresAt,
        ...video,
      },
    });
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: "consent.signed",
      subjectType: "ConsentRecord",
      subjectId: consent.id,
      payload: {
        profileId: profile.id,
        version: consent.version,
        textSha256,
        scopes: input.scopes,
        expiresAt: input.expiresAt.toISOString(),
        supersedes: last?.id ?? null,
        consentVideoSha256: video?.consentVideoSha256 ?? null,
      },
    });
    return consent;
  });
}
