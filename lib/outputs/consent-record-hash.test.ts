import { describe, expect, it } from "vitest";
import { consentRecordHash } from "./consent-record-hash";

describe("consent record hash", () => {
  const row = {
    id: "c1",
    profileId: "p1",
    version: 1,
    textVersion: "2026-01",
    textSha256: "a".repeat(64),
    scopes: ["advertising"],
    signerUserId: "u1",
    signerRole: "TALENT",
    acceptedAt: new Date("2026-01-01T00:00:00Z"),
    expiresAt: new Date("2028-01-01T00:00:00Z"),
  };

  it("is a stable SHA-256 that changes with any signed field", () => {
    expect(consentRecordHash(row)).toMatch(/^[0-9a-f]{64}$/);
    expect(consentRecordHash({ ...row })).toBe(consentRecordHash(row));
    expect(consentRecordHash({ ...row, version: 2 })).not.toBe(consentRecordHash(row));
    expect(consentRecordHash({ ...row, scopes: ["advertising", "film_tv"] })).not.toBe(consentRecordHash(row));
  });
});
