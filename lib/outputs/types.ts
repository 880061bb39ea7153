import type { C2paSummary } from "@/lib/provenance/c2pa/read";
import type { LicenseStatus, VerificationAnswer } from "@/lib/verification";

/** The public answer of the verify page and POST /api/v1/verify (plain JSON: dates as ISO strings). */
export type VerifyResult = {
  checkedAt: string;
  input:
    | { kind: "file"; mimeType: string; byteSize: number; sha256: string; width: number | null; height: number | null }
    | { kind: "code"; code: string };
  /** The verify code of the payload that was read or pasted (null when none). */
  verifyCode: string | null;
  answer: VerificationAnswer;
  /**
   * The C2PA manifest (Content Credentials) embedded in an uploaded JPEG, PNG, WebP
   * or MP4, as the C2PA library read and validated it; null when the file has
   * none (stripped, re-encoded, or a code was checked), and the answer then
   * rests on the watermark alone.
   */
  contentCredentials: C2paSummary | null;
  /** The license terms behind the status; only when the manifest's signature holds. */
  license: {
    status: LicenseStatus;
    licenseId: string;
    validFrom: string;
    validUntil: string | null;
    revokedAt: string | null;
  } | null;
  /** The registered output; only when the manifest's signature holds. */
  output: { id: string; mimeType: string; createdAt: string; revokedAt: string | null } | null;
};
