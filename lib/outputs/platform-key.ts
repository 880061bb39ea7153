import path from "node:path";
import { dataDir } from "@/lib/config";
import { loadOrCreatePlatformKey, type PlatformKey } from "@/lib/provenance";

// The platform's signing key lives beside the other secrets in the data folder
// (.data/keys, git-ignored), generated on first use. Loaded once per process
// and folder: the web app, the worker and the CLI all sign with the same key.
const loaded = new Map<string, PlatformKey>();

export function platformKeyDir(): string {
  return path.join(dataDir(), "keys");
}

export function platformKey(dir: string = platformKeyDir()): PlatformKey {
  let key = loaded.get(dir);
  if (!key) {
    key = loadOrCreatePlatformKey(dir);
    loaded.set(dir, key);
  }
  return key;
}

/** What the well-known URL publishes: the key as a JWK set and as PEM, with its id. */
export function publishedSigningKey(key: PlatformKey = platformKey()) {
  const jwk = key.publicKey.export({ format: "jwk" });
  return {
    keyId: key.keyId,
    algorithm: "Ed25519",
    manifestSchema: "likeness.manifest/1",
    publicKeyPem: key.publicKeyPem,
    keys: [{ ...jwk, kid: key.keyId, alg: "EdDSA", use: "sig" }],
    howToVerify:
      "Ed25519 signature (base64, signature.value) over the canonical JSON of the manifest's claim: object keys sorted, no whitespace.",
  };
}
