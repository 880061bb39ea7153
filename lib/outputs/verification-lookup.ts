import { currentConsent } from "@/lib/consent/current-consent";
import type { Db } from "@/lib/db/client";
import type { PlatformKey } from "@/lib/provenance";
import { parsePayloadHex, verifyCodeFromPayload } from "@/lib/watermark";
import { type LicenseRecord, verificationAnswer, type WatermarkEvidence } from "@/lib/verification";
import { platformKey } from "./platform-key";
import { storedManifest } from "./register-output";
import type { VerifyResult } from "./types";

const include = { offer: true, profile: { select: { displayName: true } }, studio: { select: { name: true } }, request: { select: { campaignEnd: true } } } as const;

async function findOutputs(db: Db, by: { payloadHex: string | null; sha256: string | null }) {
  const or = [
    ...(by.sha256 ? [{ outputSha256: by.sha256 }] : []),
    ...(by.payloadHex ? [{ payloadHex: by.payloadHex }] : []),
  ];
  if (or.length === 0) return [];
  return db.renderOutput.findMany({ where: { OR: or }, include, orderBy: { createdAt: "asc" }, take: 10 });
}
type OutputRow = Awaited<ReturnType<typeof findOutputs>>[number];

const earliest = (dates: Array<Date | null | undefined>): Date | null =>
  dates.filter((d): d is Date => d instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;

/**
 * The license as it stands now: it runs from the offer's term start until the
 * earliest of the offer's term end, the campaign end the request was approved
 * for and the consent's expiry; revoking the offer or the consent, or this
 * output, revokes it. The latest consent version counts (a re-signed consent
 * carries the license on).
 */
async function licenseRecordFor(db: Db, row: OutputRow): Promise<LicenseRecord> {
  const consent = await currentConsent(db, row.profileId);
  return {
    licenseId: row.offerId,
    validFrom: row.offer.termStart,
    validUntil: earliest([row.offer.termEnd, row.request.campaignEnd, consent?.expiresAt]),
    revokedAt: earliest([row.offer.status === "REVOKED" ? (row.offer.revokedAt ?? row.createdAt) : null, consent?.revocation?.revokedAt]),
    outputRevokedAt: row.revokedAt,
    talentDisplayName: row.profile.displayName,
    studioDisplayName: row.studio.name,
  };
}

/** Registry lookup by payload and hash, then the pure verification answer. */
export async function answerFromRegistry(opts: {
  db: Db;
  now: Date;
  key?: PlatformKey;
  input: VerifyResult["input"];
  watermark: WatermarkEvidence | null;
  codePayload?: string | null;
  fileSha256?: string | null;
}): Promise<VerifyResult> {
  const key = opts.key ?? platformKey();
  const payloadHex = (opts.watermark?.found ? opts.watermark.payload : null) ?? opts.codePayload ?? null;
  const rows = await findOutputs(opts.db, { payloadHex, sha256: opts.fileSha256 ?? null });
  // The row whose manifest the answer will show: exact file first, as verificationAnswer picks.
  const row = rows.find((r) => r.outputSha256 === opts.fileSha256) ?? rows.find((r) => r.payloadHex === payloadHex) ?? null;
  const license = row ? await licenseRecordFor(opts.db, row) : null;
  const answer = verificationAnswer({
    now: opts.now,
    watermark: opts.watermark,
    codePayload: opts.codePayload ?? null,
    fileSha256: opts.fileSha256 ?? null,
    manifests: row ? [storedManifest(row)] : [],
    license,
    publicKeys: [key.publicKey],
  });
  const trusted = answer.signatureValid === true && row && license;
  const shownPayload = row?.payloadHex ?? payloadHex;
  return {
    checkedAt: opts.now.toISOString(),
    input: opts.input,
    verifyCode: shownPayload ? verifyCodeFromPayload(parsePayloadHex(shownPayload)) : null,
    answer,
    license: trusted
      ? {
          status: answer.licenseStatus,
          licenseId: license.licenseId,
          validFrom: license.validFrom.toISOString(),
          validUntil: license.validUntil?.toISOString() ?? null,
          revokedAt: earliest([license.revokedAt, license.outputRevokedAt])?.toISOString() ?? null,
        }
      : null,
    output: trusted
      ? { id: row.id, mimeType: row.mimeType, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null }
      : null,
  };
}
