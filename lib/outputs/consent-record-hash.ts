import { canonicalJson, sha256Hex } from "@/lib/provenance";

type ConsentRow = {
  id: string;
  profileId: string;
  version: number;
  textVersion: string;
  textSha256: string;
  scopes: string[];
  signerUserId: string;
  signerRole: string;
  acceptedAt: Date;
  expiresAt: Date;
};

/**
 * The manifest's consent binding: SHA-256 over the canonical JSON of the
 * signed consent row. It commits to who signed which text when, without
 * publishing the legal name, address or browser that the row also holds.
 */
export function consentRecordHash(c: ConsentRow): string {
  return sha256Hex(
    canonicalJson({
      id: c.id,
      profileId: c.profileId,
      version: c.version,
      textVersion: c.textVersion,
      textSha256: c.textSha256,
      scopes: c.scopes,
      signerUserId: c.signerUserId,
      signerRole: c.signerRole,
      acceptedAt: c.acceptedAt.toISOString(),
      expiresAt: c.expiresAt.toISOString(),
    }),
  );
}
