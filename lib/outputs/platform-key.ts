import path from "node:path";
import { dataDir } from "@/lib/config";
import { loadOrCreatePlatformKey, type PlatformKey } from "@/lib/provenance";
import { type C2paCredentials, loadC2paCredentials } from "@/lib/provenance/c2pa";

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

const c2paLoaded = new Map<string, C2paCredentials>();

/**
 * The C2PA signer (key + certificate chain) from C2PA_SIGNING_KEY_FILE and
 * C2PA_CERT_CHAIN_FILE, else the development chain generated into the keys
 * folder. Loaded once per process.
 */
export function c2paCredentials(dir: string = platformKeyDir()): C2paCredentials {
  let creds = c2paLoaded.get(dir);
  if (!creds) {
    creds = loadC2paCredentials(dir);
    c2paLoaded.set(dir, creds);
  }
  return creds;
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
