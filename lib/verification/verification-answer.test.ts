import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildManifest } from "../provenance/build-manifest";
import { signManifest } from "../provenance/sign-manifest";
import type { LicenseRecord, VerificationInput } from "./types";
import { verificationAnswer } from "./verification-answer";

const h = (c: string) => c.repeat(64);
const keys = generateKeyPairSync("ed25519");
const manifest = signManifest(
  buildManifest({
    outputSha256: h("a"),
    payloadHex: "0123456789abcdef",
    verifyCode: "028T-5CY4-TQKF-FA",
    format: "video/mp4",
    licenseId: "lic_1",
    consentRecordHash: h("b"),
    talent: { id: "t1", displayName: "Ada Actor" },
    studio: { id: "s1", displayName: "North Studio" },
    modelId: "model_7",
    renderId: "render_9",
    inputHashes: [],
    createdAt: new Date("2026-03-01T00:00:00Z"),
  }),
  keys.privateKey,
);
const license: LicenseRecord = {
  licenseId: "lic_1",
  validFrom: new Date("2026-01-01T00:00:00Z"),
  validUntil: new Date("2026-12-31T00:00:00Z"),
  revokedAt: null,
  talentDisplayName: "Ada Actor",
  studioDisplayName: "North Studio",
};
const found = { found: true, status: "found" as const, payload: "0123456789abcdef", bitErrorsCorrected: 3, confidence: 0.94 };
const base: VerificationInput = {
  now: new Date("2026-06-01T00:00:00Z"),
  watermark: found,
  fileSha256: h("e"),
  manifests: [manifest],
  license,
  publicKeys: [keys.publicKey],
};

describe("verification answer", () => {
  it("says valid, with names and signature, for a watermarked re-encoded copy of a live license", () => {
    const a = verificationAnswer(base);
    expect(a).toMatchObject({
      signatureValid: true,
      exactFileMatch: false,
      licenseStatus: "valid",
      talentDisplayName: "Ada Actor",
      studioDisplayName: "North Studio",
    });
    expect(a.watermark.found).toBe(true);
    expect(a.manifest).toBe(manifest);
  });

  it("says the exact file was issued when its hash matches the manifest", () => {
    const a = verificationAnswer({ ...base, watermark: { ...found, found: false, status: "none", payload: null }, fileSha256: h("a") });
    expect(a.exactFileMatch).toBe(true);
    expect(a.summary).toContain("exact file");
  });

  it("says expired once the license end date has passed", () => {
    const a = verificationAnswer({ ...base, now: new Date("2027-01-15T00:00:00Z") });
    expect(a.licenseStatus).toBe("expired");
    expect(a.summary).toContain("EXPIRED");
  });

  it("says revoked when the license or the output was revoked, even after expiry", () => {
    const revoked = verificationAnswer({ ...base, license: { ...license, revokedAt: new Date("2026-05-01T00:00:00Z") } });
    expect(revoked.licenseStatus).toBe("revoked");
    expect(revoked.summary).toContain("REVOKED");
    const outputWithdrawn = verificationAnswer({
      ...base,
      now: new Date("2027-02-01T00:00:00Z"),
      license: { ...license, outputRevokedAt: new Date("2026-07-01T00:00:00Z") },
    });
    expect(outputWithdrawn.licenseStatus).toBe("revoked");
  });

  it("says unknown when no watermark, code or hash leads to a manifest", () => {
    const a = verificationAnswer({
      ...base,
      watermark: { found: false, status: "none", payload: null, bitErrorsCorrected: null, confidence: 0.1 },
      manifests: [],
    });
    expect(a).toMatchObject({ manifest: null, signatureValid: null, licenseStatus: "unknown", talentDisplayName: null });
  });

  it("finds the manifest from a pasted verify code without a file", () => {
    const a = verificationAnswer({ ...base, watermark: null, fileSha256: null, codePayload: "0123456789ABCDEF" });
    expect(a.watermark.status).toBe("not-checked");
    expect(a.licenseStatus).toBe("valid");
  });

  it("never shows a license as valid through a manifest with a broken signature", () => {
    const forged = structuredClone(manifest);
    forged.claim.assertions.license.talent.displayName = "Famous Person";
    const a = verificationAnswer({ ...base, manifests: [forged] });
    expect(a).toMatchObject({ signatureValid: false, licenseStatus: "unknown", talentDisplayName: null });
    expect(a.summary).toContain("not valid");
  });
});
