import { execFileSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { certificatesFromPem } from "./cose";
import { developmentCredentials, type C2paCredentials } from "./credentials";
import { issueSigningChain } from "./der";
import { embedC2pa, type C2paFormat } from "./manifest";
import { readC2pa } from "./read";

// A local test CA (root + end-entity signing certificate with the key usage
// and EKUs C2PA's certificate profile requires), the same code the development
// signer uses; the manifests are read back with the C2PA library's own reader.
const dir = mkdtempSync(path.join(tmpdir(), "likeness-c2pa-"));
const chain = issueSigningChain({ organization: "Likeness Test" });
const creds: C2paCredentials = {
  privateKey: createPrivateKey(chain.leafKeyPem),
  chain: certificatesFromPem(chain.chainPem),
  trustAnchorsPem: chain.rootPem,
  source: "environment",
};
const info = {
  licenseId: "offer_123",
  verifyCode: "028T-5CY4-TQKF-FA",
  payloadHex: "0123456789abcdef",
  createdAt: new Date("2026-11-30T10:00:00Z"),
};

async function samples(): Promise<Array<[C2paFormat, Buffer]>> {
  const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#336699" } })
    .png()
    .toBuffer();
  const jpeg = await sharp(png).jpeg({ quality: 90 }).toBuffer();
  const webp = await sharp(png).webp({ quality: 90 }).toBuffer();
  const mp4 = path.join(dir, "clip.mp4");
  execFileSync(process.env.FFMPEG_PATH || "ffmpeg", [
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=320x240:rate=24",
    "-t",
    "1",
    "-pix_fmt",
    "yuv420p",
    mp4,
  ]);
  return [
    ["image/jpeg", jpeg],
    ["image/png", png],
    ["image/webp", webp],
    ["video/mp4", readFileSync(mp4)],
  ];
}

describe("C2PA manifest (c2pa-rs via @contentauth/c2pa-wasm)", async () => {
  const files = await samples();

  it("the test CA's certificates carry what C2PA requires", () => {
    const [leaf, root] = creds.chain.map((c) => new X509Certificate(c));
    expect(leaf!.checkIssued(root!)).toBe(true);
    expect(leaf!.ca).toBe(false);
    expect(root!.ca).toBe(true);
    // node:crypto's keyUsage is the extended key usage list: document signing and email protection, no anyExtendedKeyUsage.
    expect(leaf!.keyUsage).toEqual(["1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36"]);
    expect(leaf!.subject).not.toBe(leaf!.issuer);
  });

  it.each(files.map(([mime]) => mime))("%s: round-trips through the C2PA reader, signed, trusted, bound to the bytes", async (mime) => {
    const bytes = files.find(([m]) => m === mime)![1];
    const signed = await embedC2pa(bytes, mime, info, creds);
    expect(signed.length).toBeGreaterThan(bytes.length);
    const read = await readC2pa(signed, mime, creds.trustAnchorsPem);
    expect(read).toMatchObject({
      state: "Trusted",
      signatureValid: true,
      hardBindingValid: true,
      trusted: true,
      issuer: "Likeness Test",
      commonName: "Likeness Test Content Credentials",
      claimGenerator: expect.stringContaining("Likeness"),
      license: { licenseId: "offer_123", verifyCode: "028T-5CY4-TQKF-FA", watermarkPayload: "0123456789abcdef" },
      failures: [],
    });
    // Without our root among the anchors the signature still holds, but the signer is not trusted.
    expect(await readC2pa(signed, mime, "")).toMatchObject({ signatureValid: true, hardBindingValid: true, trusted: false });
  });

  it.each(files.map(([mime]) => mime))("%s: an edited file fails its hard binding", async (mime) => {
    const bytes = files.find(([m]) => m === mime)![1];
    const signed = await embedC2pa(bytes, mime, info, creds);
    const edited = Buffer.from(signed);
    // A byte of the picture data: near the end (for MP4, the media data box sits after the manifest);
    // WebP's manifest chunk is appended after the picture, so there a byte inside the VP8 chunk.
    edited[mime === "image/webp" ? edited.indexOf("VP8") + 20 : edited.length - 200]! ^= 0x5a;
    const read = await readC2pa(edited, mime, creds.trustAnchorsPem);
    expect(read).toMatchObject({ state: "Invalid", hardBindingValid: false, signatureValid: true });
    expect(read!.failures.map((f) => f.code)).toContainEqual(expect.stringMatching(/^assertion\.(dataHash|bmffHash)\.mismatch$/));
  });

  it("a file without a manifest reads as none", async () => {
    for (const [mime, bytes] of files) expect(await readC2pa(bytes, mime, creds.trustAnchorsPem)).toBeNull();
  });

  it("a manifest signed under another CA is valid but not trusted", async () => {
    const other = issueSigningChain({ organization: "Someone Else" });
    const signed = await embedC2pa(files[0]![1], "image/jpeg", info, {
      ...creds,
      privateKey: createPrivateKey(other.leafKeyPem),
      chain: certificatesFromPem(other.chainPem),
    });
    expect(await readC2pa(signed, "image/jpeg", creds.trustAnchorsPem)).toMatchObject({
      trusted: false,
      signatureValid: true,
      issuer: "Someone Else",
    });
  });

  it("the development signer is generated once and reused", () => {
    const a = developmentCredentials(path.join(dir, "keys"));
    const b = developmentCredentials(path.join(dir, "keys"));
    expect(a.chain[0]!.equals(b.chain[0]!)).toBe(true);
    expect(a.source).toBe("development");
  });
});
