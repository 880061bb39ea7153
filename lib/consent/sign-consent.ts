import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadProfileAsPrincipal } from "@/lib/auth/permissions";
import { appendAuditEvent, lockAuditChain } from "@/lib/audit/append-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError, invalid, parseInput } from "@/lib/errors";
import { verifiedConsentVideo } from "@/lib/identity/consent-video-reference";
import { newWrappedDataKey } from "@/lib/storage/envelope";
import { masterKey } from "@/lib/storage/master-key";
import { CONSENT_TEXT_VERSION, consentDocumentHash, consentDocumentText } from "./consent-document";
import { MAX_CONSENT_YEARS, ZSignConsent, type TSignConsent } from "./types";

/**
 * Signs a new consent version. Records are never edited: each signature is a new
 * row with the next version number, which supersedes the one before. Signed
 * on a profile whose biometric data was destroyed, it reopens that same profile
 * (a new data key; photos, verification and offers start again).
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
    // Two signatures at once must not both reopen a destroyed profile (nor number their versions alike).
    // The audit chain's lock first, as every check-then-act takes it, so the row lock cannot deadlock against an append.
    await lockAuditChain(tx);
    await tx.$queryRaw`SELECT id FROM "LikenessProfile" WHERE id = ${profile.id} FOR UPDATE`;
    const destroyedAt = (await tx.likenessProfile.findUniqueOrThrow({ where: { id: profile.id }, select: { biometricsDestroyedAt: true } }))
      .biometricsDestroyedAt;
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
      throw new AppError("CONFLICT", "The consent text changed since you opened it (or your choices changed it). Read it again and sign.", {
        textSha256: "The consent text you saw differs from the current text",
      });
    }
    const last = await tx.consentRecord.findFirst({ where: { profileId: profile.id }, orderBy: { version: "desc" } });
    if (destroyedAt) {
      // New consent on a profile whose biometric data was destroyed reopens the same profile
      // (one profile per talent): a new data key, and the likeness set, verification and
      // offers start again from nothing. What was destroyed stays on record in the audit log.
      await tx.likenessProfile.update({
        where: { id: profile.id },
        data: { wrappedDataKey: newWrappedDataKey(masterKey()), biometricsDestroyedAt: null },
      });
    }
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
    if (destroyedAt) {
      await appendAuditEvent(tx, {
        actor,
        meta,
        at: now,
        action: "profile.reopened",
        subjectType: "LikenessProfile",
        subjectId: profile.id,
        payload: { consentId: consent.id, version: consent.version, biometricsDestroyedAt: destroyedAt.toISOString() },
      });
    }
    return consent;
  });
}
