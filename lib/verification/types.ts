import type { KeyObject } from "node:crypto";
import type { ManifestCheck } from "../provenance/sign-manifest";
import type { TSignedManifest } from "../provenance/types";

// Plain data in, plain data out: the web app gathers these from the upload,
// the registry and the license tables, and renders the answer.
export type LicenseStatus = "valid" | "expired" | "revoked" | "unknown";

/** What the detector found in an uploaded file (null when a verify code was pasted instead). */
export type WatermarkEvidence = {
  found: boolean;
  status: "found" | "damaged" | "none";
  payload: string | null;
  bitErrorsCorrected: number | null;
  confidence: number;
};

/** The license as the registry knows it now. */
export type LicenseRecord = {
  licenseId: string;
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
  /** Set when this output itself was withdrawn (consent revoked after delivery). */
  outputRevokedAt?: Date | null;
  talentDisplayName: string;
  studioDisplayName: string;
};

export type VerificationInput = {
  now: Date;
  watermark: WatermarkEvidence | null;
  /** Payload from a pasted verify code, when there was no file. */
  codePayload?: string | null;
  /** SHA-256 of the uploaded file, when there was one. */
  fileSha256?: string | null;
  /** Manifests the registry returned for the payload and for the file hash. */
  manifests: TSignedManifest[];
  license: LicenseRecord | null;
  publicKeys: KeyObject[];
  /**
   * Signature checks the caller already made of these very manifest objects
   * against `publicKeys` (the registry remembers them: a stored manifest never
   * changes); any manifest not in it is checked here.
   */
  checkedManifests?: ReadonlyMap<TSignedManifest, ManifestCheck>;
};

export type VerificationAnswer = {
  watermark: {
    found: boolean;
    status: WatermarkEvidence["status"] | "not-checked";
    payload: string | null;
    bitErrorsCorrected: number | null;
    confidence: number | null;
  };
  manifest: TSignedManifest | null;
  signatureValid: boolean | null;
  signatureProblem: string | null;
  exactFileMatch: boolean;
  licenseStatus: LicenseStatus;
  talentDisplayName: string | null;
  studioDisplayName: string | null;
  /** One plain sentence for the page's headline. */
  summary: string;
};
