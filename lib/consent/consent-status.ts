import { isConsentActive } from "@/lib/licensing/policy";
import { toPolicyConsent } from "./current-consent";

export type ConsentStatus = "active" | "superseded" | "revoked" | "expired";

export const CONSENT_STATUS_LABELS: Record<ConsentStatus, string> = {
  active: "Active",
  superseded: "Superseded",
  revoked: "Revoked",
  expired: "Expired",
};

type ConsentRow = { version: number; acceptedAt: Date; expiresAt: Date; scopes: string[]; revocation: { revokedAt: Date } | null };

/**
 * Where one consent version stands: only the latest version can be in force
 * (a newer signature supersedes it); a revocation or the expiry date ends it.
 */
export function consentStatus(record: ConsentRow, latestVersion: number, now: Date = new Date()): ConsentStatus {
  if (record.revocation) return "revoked";
  if (record.version < latestVersion) return "superseded";
  return isConsentActive(toPolicyConsent(record), now) ? "active" : "expired";
}
