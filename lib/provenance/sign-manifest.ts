import { createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { ZClaim, ZSignedManifest, type TClaim, type TSignedManifest } from "./types";
import { keyIdOf } from "./platform-key";

// Ed25519 over the canonical JSON of the claim. The key id (hash of the
// public key) lets a verifier pick the right key after a rotation.
export function signManifest(claim: TClaim, privateKey: KeyObject): TSignedManifest {
  const bytes = Buffer.from(canonicalJson(ZClaim.parse(claim)));
  const publicKey = createPublicKey(privateKey);
  return {
    claim,
    signature: { alg: "Ed25519", keyId: keyIdOf(publicKey), value: sign(null, bytes, privateKey).toString("base64") },
  };
}

export type ManifestCheck = { valid: true } | { valid: false; reason: string };

/** Checks shape, key id and signature; never throws on bad input. */
export function verifyManifest(manifest: unknown, publicKeys: KeyObject | KeyObject[]): ManifestCheck {
  const parsed = ZSignedManifest.safeParse(manifest);
  if (!parsed.success) return { valid: false, reason: `not a Likeness manifest: ${parsed.error.issues[0]?.message ?? "bad shape"}` };
  const { claim, signature } = parsed.data;
  const key = (Array.isArray(publicKeys) ? publicKeys : [publicKeys]).find((k) => keyIdOf(k) === signature.keyId);
  if (!key) return { valid: false, reason: `signed by an unknown key (${signature.keyId})` };
  const ok = verify(null, Buffer.from(canonicalJson(claim)), key, Buffer.from(signature.value, "base64"));
  return ok ? { valid: true } : { valid: false, reason: "the signature does not match the manifest: it was altered or forged" };
}
