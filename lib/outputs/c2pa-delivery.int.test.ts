import { createPrivateKey } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { loadOrCreatePlatformKey, sha256Hex, type PlatformKey } from "@/lib/provenance";
import { embedC2pa, issueSigningChain, readC2pa, type C2paCredentials } from "@/lib/provenance/c2pa";
import { certificatesFromPem } from "@/lib/provenance/c2pa/cose";
import { decideRequest } from "@/lib/requests/decide-request";
import {
  createProfileWithConsent,
  createStudio,
  createUser,
  publishTestOffer,
  submitTestRequest,
  TEST_META,
  useTestStorage,
  type TestStorage,
} from "@/lib/testing/builders";
import { syntheticImage, writePanningClip } from "@/lib/testing/synthetic-media";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { verifyFile } from "./verify-file";
import { watermarkOutput } from "./watermark-output";

// Delivery embeds a C2PA manifest after the watermark (signed under a local
// test CA here), the registry's hash is of the final bytes, and /verify reads
// the manifest when it is there and falls back to the watermark when it was
// stripped.

let t: TestDatabase;
let storage: TestStorage;
let dir: string;
let key: PlatformKey;
let creds: C2paCredentials;
let studio: Actor;
let talent: Actor;
let profileId: string;

/** PNG chunks; `drop` removes those of a type, `insertBeforeEnd` adds one before IEND. */
function pngChunks(png: Buffer, o: { drop?: string; insertBeforeEnd?: Buffer }): Buffer {
  const parts = [png.subarray(0, 8)];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const chunk = png.subarray(at, at + 12 + length);
    if (type === "IEND" && o.insertBeforeEnd) parts.push(o.insertBeforeEnd);
    if (type !== o.drop) parts.push(chunk);
    at += 12 + length;
  }
  return Buffer.concat(parts);
}

/** A tEXt chunk (its CRC is not checked by the readers involved, but is written right anyway). */
function textChunk(text: string): Buffer {
  const body = Buffer.concat([Buffer.from("tEXt"), Buffer.from(`Comment\0${text}`, "latin1")]);
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const b of body) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(body.length - 4, 0);
  body.copy(out, 4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, body.length + 4);
  return out;
}

async function approvedRequest() {
  const offer = await publishTestOffer(t.db, talent, profileId);
  const { request } = await submitTestRequest(t.db, studio, offer.id);
  await decideRequest({ db: t.db, actor: talent, meta: TEST_META, input: { requestId: request.id, decision: "approve" } });
  return { offer, request };
}

const verify = (bytes: Buffer) => verifyFile({ db: t.db, bytes, key, c2paTrustAnchorsPem: creds.trustAnchorsPem });

beforeAll(async () => {
  storage = await useTestStorage();
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "likeness-c2pa-delivery-"));
  key = loadOrCreatePlatformKey(path.join(dir, "keys"));
  const chain = issueSigningChain({ organization: "Likeness Test CA" });
  creds = {
    privateKey: createPrivateKey(chain.leafKeyPem),
    chain: certificatesFromPem(chain.chainPem),
    trustAnchorsPem: chain.rootPem,
    source: "environment",
  };
  [studio, talent] = await Promise.all([
    createStudio(t.db, { studioName: "North Star Pictures" }),
    createUser(t.db, "TALENT", { name: "Ada Actor" }),
  ]);
  profileId = (await createProfileWithConsent(t.db, talent, { displayName: "Ada Actor" })).profile.id;
});

afterAll(async () => {
  await t?.drop();
  await storage?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Without the manifest: PNG with its caBX chunk dropped; JPEG and WebP re-encoded (sharp writes no JUMBF, APP11 or C2PA chunk). */
const strip: Record<string, (file: Buffer) => Promise<Buffer>> = {
  png: async (file) => pngChunks(file, { drop: "caBX" }),
  jpg: (file) => sharp(file).jpeg({ quality: 92 }).toBuffer(),
  webp: (file) => sharp(file).webp({ quality: 92 }).toBuffer(),
};

describe.each([
  ["PNG", "png", "image/png"],
  ["JPEG", "jpg", "image/jpeg"],
  ["WebP", "webp", "image/webp"],
] as const)("a delivered %s", (_name, ext, mime) => {
  let delivered: Buffer;
  let out: Awaited<ReturnType<typeof watermarkOutput>>;
  let offerId: string;

  beforeAll(async () => {
    const { offer, request } = await approvedRequest();
    offerId = offer.id;
    const input = path.join(dir, `render-${ext}.png`);
    await writeFile(input, await syntheticImage(720, 540, ext));
    const outputPath = path.join(dir, `delivered.${ext}`);
    out = await watermarkOutput({
      db: t.db,
      actor: null,
      requestId: request.id,
      inputPath: input,
      outputPath,
      key,
      c2paCredentials: creds,
    });
    delivered = await readFile(outputPath);
  });

  it("carries a C2PA manifest the C2PA reader validates, naming the license and verify code, bound to the registered bytes", async () => {
    expect(sha256Hex(delivered)).toBe(out.outputSha256);
    expect(await readC2pa(delivered, mime, creds.trustAnchorsPem)).toMatchObject({
      state: "Trusted",
      signatureValid: true,
      hardBindingValid: true,
      issuer: "Likeness Test CA",
      license: { licenseId: offerId, verifyCode: out.verifyCode, watermarkPayload: out.payloadHex },
    });
  });

  it("/verify shows the embedded manifest and the exact file under a valid license", async () => {
    const res = await verify(delivered);
    expect(res.contentCredentials).toMatchObject({
      trusted: true,
      signatureValid: true,
      hardBindingValid: true,
      license: { licenseId: offerId },
    });
    expect(res.answer).toMatchObject({ exactFileMatch: true, signatureValid: true, licenseStatus: "valid" });
    expect(res.license?.licenseId).toBe(offerId);
  });

  it("stripped of its manifest, it is found by the watermark", async () => {
    const stripped = await strip[ext]!(delivered);
    expect(await readC2pa(stripped, mime, creds.trustAnchorsPem)).toBeNull();
    const res = await verify(stripped);
    expect(res.contentCredentials).toBeNull();
    expect(res.answer.watermark).toMatchObject({ found: true, payload: out.payloadHex });
    expect(res.answer).toMatchObject({ exactFileMatch: false, signatureValid: true, licenseStatus: "valid" });
    expect(res.license?.licenseId).toBe(offerId);
  });
});

describe("an edited PNG", () => {
  it("fails its hard binding, and is still found by its watermark", async () => {
    const { request } = await approvedRequest();
    const input = path.join(dir, "render-edit.png");
    await writeFile(input, await syntheticImage(720, 540, "edit"));
    const outputPath = path.join(dir, "delivered-edit.png");
    const out = await watermarkOutput({
      db: t.db,
      actor: null,
      requestId: request.id,
      inputPath: input,
      outputPath,
      key,
      c2paCredentials: creds,
    });
    const edited = pngChunks(await readFile(outputPath), { insertBeforeEnd: textChunk("edited after delivery") });
    const res = await verify(edited);
    expect(res.contentCredentials).toMatchObject({ signatureValid: true, hardBindingValid: false, state: "Invalid" });
    expect(res.contentCredentials!.failures.map((f) => f.code)).toContain("assertion.dataHash.mismatch");
    expect(res.answer).toMatchObject({ exactFileMatch: false, licenseStatus: "valid" });
    expect(res.answer.watermark).toMatchObject({ found: true, payload: out.payloadHex });
  });
});

describe("a file whose watermark cannot be read", () => {
  it("is found by the verify code of its trusted C2PA manifest", async () => {
    const { offer, request } = await approvedRequest();
    const input = path.join(dir, "render-c2pa-only.png");
    await writeFile(input, await syntheticImage(720, 540, "c2pa-only"));
    const out = await watermarkOutput({
      db: t.db,
      actor: null,
      requestId: request.id,
      inputPath: input,
      outputPath: path.join(dir, "delivered-c2pa-only.png"),
      key,
      c2paCredentials: creds,
    });
    // The same manifest content on a picture that carries no watermark at all.
    const unmarked = await syntheticImage(720, 540, "no mark here");
    const signed = await embedC2pa(
      unmarked,
      "image/png",
      { licenseId: offer.id, verifyCode: out.verifyCode, payloadHex: out.payloadHex, createdAt: new Date() },
      creds,
    );
    const res = await verify(signed);
    expect(res.answer.watermark.found).toBe(false);
    expect(res.contentCredentials).toMatchObject({ trusted: true, hardBindingValid: true });
    expect(res.answer).toMatchObject({ exactFileMatch: false, signatureValid: true, licenseStatus: "valid" });
    expect(res.license?.licenseId).toBe(offer.id);
    expect(res.verifyCode).toBe(out.verifyCode);
    // A manifest from a signer outside the trust anchors is shown, but its code is not used.
    const other = issueSigningChain({ organization: "Someone Else" });
    const forged = await embedC2pa(
      unmarked,
      "image/png",
      { licenseId: offer.id, verifyCode: out.verifyCode, payloadHex: out.payloadHex, createdAt: new Date() },
      {
        ...creds,
        privateKey: createPrivateKey(other.leafKeyPem),
        chain: certificatesFromPem(other.chainPem),
      },
    );
    const untrusted = await verify(forged);
    expect(untrusted.contentCredentials).toMatchObject({ trusted: false, issuer: "Someone Else" });
    expect(untrusted.answer).toMatchObject({ manifest: null, licenseStatus: "unknown" });
  });
});

describe("a delivered MP4", () => {
  it("carries a valid C2PA manifest (BMFF hash) that /verify shows with the exact-file match", async () => {
    const { offer, request } = await approvedRequest();
    const input = path.join(dir, "render.mp4");
    await writePanningClip(input);
    const outputPath = path.join(dir, "delivered.mp4");
    const out = await watermarkOutput({
      db: t.db,
      actor: null,
      requestId: request.id,
      inputPath: input,
      outputPath,
      key,
      c2paCredentials: creds,
    });
    const bytes = await readFile(outputPath);
    expect(sha256Hex(bytes)).toBe(out.outputSha256);
    const res = await verify(bytes);
    expect(res.contentCredentials).toMatchObject({
      trusted: true,
      hardBindingValid: true,
      license: { licenseId: offer.id, verifyCode: out.verifyCode },
    });
    expect(res.answer).toMatchObject({ exactFileMatch: true, licenseStatus: "valid" });
  });
});
