import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildManifest } from "./build-manifest";
import { loadOrCreatePlatformKey } from "./platform-key";
import { signManifest, verifyManifest } from "./sign-manifest";

const h = (c: string) => c.repeat(64);
const claim = () =>
  buildManifest({
    outputSha256: h("a"),
    payloadHex: "0123456789abcdef",
    verifyCode: "028T-5CY4-TQKF-FA",
    format: "image/png",
    licenseId: "lic_1",
    consentRecordHash: h("b"),
    talent: { id: "t1", displayName: "Ada Actor" },
    studio: { id: "s1", displayName: "North Studio" },
    modelId: "model_7",
    renderId: "render_9",
    inputHashes: [{ role: "target", hash: h("c") }],
    createdAt: new Date("2026-11-26T10:00:00Z"),
  });

describe("provenance manifest signature", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "likeness-keys-"));
  const key = loadOrCreatePlatformKey(dir);

  it("verifies a manifest signed by the platform key, also after a JSON round trip", () => {
    const signed = signManifest(claim(), key.privateKey);
    expect(verifyManifest(JSON.parse(JSON.stringify(signed)), key.publicKey)).toEqual({ valid: true });
  });

  it("rejects a manifest whose license, studio or hash was changed after signing", () => {
    const signed = signManifest(claim(), key.privateKey);
    const tampered = structuredClone(signed);
    tampered.claim.assertions.license.studio.displayName = "Someone Else";
    expect(verifyManifest(tampered, key.publicKey).valid).toBe(false);
    const rehashed = structuredClone(signed);
    rehashed.claim.assertions.hashData.hash = h("d");
    expect(verifyManifest(rehashed, key.publicKey).valid).toBe(false);
  });

  it("rejects a manifest signed by another key, even one claiming the platform's key id", () => {
    const other = generateKeyPairSync("ed25519");
    const forged = signManifest(claim(), other.privateKey);
    expect(verifyManifest(forged, key.publicKey)).toMatchObject({ valid: false, reason: expect.stringContaining("unknown key") });
    forged.signature.keyId = key.keyId;
    expect(verifyManifest(forged, key.publicKey)).toMatchObject({ valid: false, reason: expect.stringContaining("altered or forged") });
  });

  it("rejects data that is not a manifest without throwing", () => {
    expect(verifyManifest({ hello: "world" }, key.publicKey).valid).toBe(false);
  });

  it("creates the key once with 0600 permissions, leaves no temp file, and loads the same key again", () => {
    const again = loadOrCreatePlatformKey(dir);
    expect(again.keyId).toBe(key.keyId);
    expect(statSync(path.join(dir, "platform-ed25519.pem")).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
