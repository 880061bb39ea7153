import type { Db, Tx } from "@/lib/db/client";
import type { PolicyConsent } from "@/lib/licensing/policy";

/** The latest consent version of a profile (older versions are superseded), as policy input. */
export async function currentConsent(client: Db | Tx, profileId: string) {
  const consent = await client.consentRecord.findFirst({
    where: { profileId },
    orderBy: { version: "desc" },
    include: { revocation: true },
  });
  return consent;
}

export function toPolicyConsent(
  consent: { acceptedAt: Date; expiresAt: Date; scopes: string[]; revocation: { revokedAt: Date } | null } | null,
): PolicyConsent | null {
  if (!consent) return null;
  return {
    acceptedAt: consent.acceptedAt,
    expiresAt: consent.expiresAt,
    scopes: consent.scopes,
    revokedAt: consent.revocation?.revokedAt ?? null,
  };
}
