import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { microBatch, perClient } from "@/lib/db/micro-batch";
import { keyIdOf, type ManifestCheck, type PlatformKey, type TSignedManifest, verifyManifest } from "@/lib/provenance";
import { parsePayloadHex, verifyCodeFromPayload } from "@/lib/watermark";
import { type LicenseRecord, verificationAnswer, type WatermarkEvidence } from "@/lib/verification";
import { platformKey } from "./platform-key";
import { storedManifest } from "./register-output";
import type { VerifyResult } from "./types";

/** An output with what its license record needs, as one row. */
type OutputRow = {
  id: string;
  payloadHex: string;
  outputSha256: string;
  mimeType: string;
  /** The stored claim as JSON text (parsed only when not remembered, see checkedManifest). */
  manifestText: string;
  manifestSignature: string;
  platformKeyId: string;
  createdAt: Date;
  revokedAt: Date | null;
  offerId: string;
  termStart: Date;
  termEnd: Date;
  offerStatus: string;
  offerRevokedAt: Date | null;
  talentDisplayName: string;
  studioDisplayName: string;
  campaignEnd: Date;
  consentExpiresAt: Date | null;
  consentRevokedAt: Date | null;
};

/**
 * An output with its offer, talent and studio names, the request's campaign
 * end and the profile's current consent (the latest version, as
 * currentConsent reads it), in one round trip: public verification is the
 * platform's hottest read (platforms check every upload), and Prisma's
 * per-query planning cost more than the database did (issue 11: bench:api's
 * verifyCodeBulk). `rank` numbers a payload's outputs, oldest first.
 */
const outputRows = (where: Prisma.Sql) => Prisma.sql`
    SELECT o."id", o."payloadHex", o."outputSha256", o."mimeType", o."manifest"::text AS "manifestText", o."manifestSignature", o."platformKeyId",
           o."createdAt", o."revokedAt", o."offerId",
           f."termStart", f."termEnd", f."status"::text AS "offerStatus", f."revokedAt" AS "offerRevokedAt",
           p."displayName" AS "talentDisplayName", s."name" AS "studioDisplayName", r."campaignEnd",
           c."expiresAt" AS "consentExpiresAt", cr."revokedAt" AS "consentRevokedAt",
           row_number() OVER (PARTITION BY o."payloadHex" ORDER BY o."createdAt") AS "rank"
    FROM "RenderOutput" o
    JOIN "LicenseOffer" f ON f."id" = o."offerId"
    JOIN "LikenessProfile" p ON p."id" = o."profileId"
    JOIN "StudioAccount" s ON s."id" = o."studioId"
    JOIN "SwapRequest" r ON r."id" = o."requestId"
    LEFT JOIN LATERAL (
      SELECT "id", "expiresAt" FROM "ConsentRecord" WHERE "profileId" = o."profileId" ORDER BY "version" DESC LIMIT 1
    ) c ON true
    LEFT JOIN "ConsentRevocation" cr ON cr."consentId" = c."id"
    WHERE ${where}`;

/** At most this many outputs per payload (a payload is random per output: more than one is a collision). */
const PER_PAYLOAD = 10;

/** The outputs matching the file's hash or the payload. */
async function findOutputs(db: Db, by: { payloadHex: string | null; sha256: string | null }): Promise<OutputRow[]> {
  if (!by.sha256) return by.payloadHex ? outputsByPayload(db, by.payloadHex) : [];
  return db.$queryRaw<OutputRow[]>`
    SELECT * FROM (${outputRows(Prisma.sql`o."outputSha256" = ${by.sha256} OR o."payloadHex" = ${by.payloadHex}`)}) x
    ORDER BY "createdAt" ASC LIMIT ${PER_PAYLOAD}`;
}

/**
 * A verify code's lookup, micro-batched (lib/db/micro-batch.ts): the codes
 * checked in one event-loop turn share one query, each answered with its own
 * rows, read fresh (a revocation counts from the next request on).
 */
const outputsByPayload = perClient((db: Db) =>
  microBatch(async (payloads: readonly string[]) => {
    const rows = await db.$queryRaw<OutputRow[]>`
      SELECT * FROM (${outputRows(Prisma.sql`o."payloadHex" = ANY(${[...new Set(payloads)]}::text[])`)}) x
      WHERE "rank" <= ${PER_PAYLOAD} ORDER BY "createdAt" ASC`;
    return payloads.map((p) => rows.filter((r) => r.payloadHex === p));
  }),
);

/** How many checked manifests one process remembers (least recently used go first). */
const CHECKED_MANIFESTS_MAX = 10_000;
const checkedManifests = new Map<string, { manifest: TSignedManifest; check: ManifestCheck }>();

/**
 * The row's manifest, parsed, and its signature checked against `key`,
 * remembered by the exact stored text, signature and keys: parsing and
 * checking cost more than the rest of a verification (bench:api's profile),
 * and the same popular outputs are verified again and again. Keyed by the
 * bytes themselves, so an altered row is a new entry and checked afresh.
 */
function checkedManifest(row: OutputRow, key: PlatformKey): { manifest: TSignedManifest; check: ManifestCheck } {
  const memoKey = `${keyIdOf(key.publicKey)} ${row.platformKeyId} ${row.manifestSignature} ${row.manifestText}`;
  let entry = checkedManifests.get(memoKey);
  if (entry) {
    checkedManifests.delete(memoKey); // most recently used goes last
  } else {
    const manifest = storedManifest({ ...row, manifest: JSON.parse(row.manifestText) as unknown });
    entry = { manifest, check: verifyManifest(manifest, [key.publicKey]) };
    if (checkedManifests.size >= CHECKED_MANIFESTS_MAX) checkedManifests.delete(checkedManifests.keys().next().value!);
  }
  checkedManifests.set(memoKey, entry);
  return entry;
}

const earliest = (dates: Array<Date | null | undefined>): Date | null =>
  dates.filter((d): d is Date => d instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;

/**
 * The license as it stands now: it runs from the offer's term start until the
 * earliest of the offer's term end, the campaign end the request was approved
 * for and the consent's expiry; revoking the offer or the consent, or this
 * output, revokes it. The latest consent version counts (a re-signed consent
 * carries the license on).
 */
function licenseRecordFor(row: OutputRow): LicenseRecord {
  return {
    licenseId: row.offerId,
    validFrom: row.termStart,
    validUntil: earliest([row.termEnd, row.campaignEnd, row.consentExpiresAt]),
    revokedAt: earliest([row.offerStatus === "REVOKED" ? (row.offerRevokedAt ?? row.createdAt) : null, row.consentRevokedAt]),
    outputRevokedAt: row.revokedAt,
    talentDisplayName: row.talentDisplayName,
    studioDisplayName: row.studioDisplayName,
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
  contentCredentials?: VerifyResult["contentCredentials"];
}): Promise<VerifyResult> {
  const key = opts.key ?? platformKey();
  const payloadHex = (opts.watermark?.found ? opts.watermark.payload : null) ?? opts.codePayload ?? null;
  const rows = await findOutputs(opts.db, { payloadHex, sha256: opts.fileSha256 ?? null });
  // The row whose manifest the answer will show: exact file first, as verificationAnswer picks.
  const row = rows.find((r) => r.outputSha256 === opts.fileSha256) ?? rows.find((r) => r.payloadHex === payloadHex) ?? null;
  const license = row ? licenseRecordFor(row) : null;
  const checked = row ? checkedManifest(row, key) : null;
  const answer = verificationAnswer({
    now: opts.now,
    watermark: opts.watermark,
    codePayload: opts.codePayload ?? null,
    fileSha256: opts.fileSha256 ?? null,
    manifests: checked ? [checked.manifest] : [],
    license,
    publicKeys: [key.publicKey],
    checkedManifests: checked ? new Map([[checked.manifest, checked.check]]) : undefined,
  });
  const trusted = answer.signatureValid === true && row && license;
  const shownPayload = row?.payloadHex ?? payloadHex;
  return {
    checkedAt: opts.now.toISOString(),
    input: opts.input,
    verifyCode: shownPayload ? verifyCodeFromPayload(parsePayloadHex(shownPayload)) : null,
    answer,
    contentCredentials: opts.contentCredentials ?? null,
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
