import { describe, expect, it } from "vitest";
import { consentRecordHash } from "./consent-record-hash";
import { createRateLimiter } from "./rate-limit";

describe("verify rate limiter", () => {
  it("allows `limit` requests per window and key, then refuses until the window ends", () => {
    const check = createRateLimiter({ limit: 2, windowMs: 60_000 });
    expect(check("a", 0)).toMatchObject({ ok: true, remaining: 1 });
    expect(check("a", 1_000)).toMatchObject({ ok: true, remaining: 0 });
    expect(check("a", 2_000)).toMatchObject({ ok: false, remaining: 0, resetSeconds: 58 });
    expect(check("b", 2_000).ok).toBe(true);
    expect(check("a", 60_000)).toMatchObject({ ok: true, remaining: 1 });
  });

  it("keeps at most maxKeys windows", () => {
    const check = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 3 });
    for (const k of ["a", "b", "c", "d"]) check(k, 0);
    // "a" was dropped to make room, so it starts a fresh window.
    expect(check("a", 1).ok).toBe(true);
  });
});

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
