import type { LicenseRecord, LicenseStatus } from "./types";

// Revocation wins over expiry: a license revoked before it ran out is shown
// as revoked, which is the stronger statement.
export function licenseStatusAt(license: LicenseRecord | null, now: Date): LicenseStatus {
  if (!license) return "unknown";
  const revoked = [license.revokedAt, license.outputRevokedAt].some((d) => d && d.getTime() <= now.getTime());
  if (revoked) return "revoked";
  if (now.getTime() < license.validFrom.getTime()) return "unknown";
  if (license.validUntil && now.getTime() >= license.validUntil.getTime()) return "expired";
  return "valid";
}
