import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { readOrCreateSecret } from "@/lib/fs/secret-file";

// The platform's Ed25519 signing key, generated on first start into a folder
// that git ignores (.data/keys by default) and never committed. The private
// key is created once (lib/fs/secret-file.ts: a 0600 temp file hard-linked into
// place; a link fails if the name exists), so two processes starting together
// end up with the same key instead of one silently replacing the other's.
// import.meta.dirname is undefined once Next.js bundles this module; the server
// runs from the project root then (as lib/config.ts assumes too).
export const DEFAULT_KEY_DIR = import.meta.dirname
  ? path.resolve(import.meta.dirname, "../../.data/keys")
  : path.resolve(process.cwd(), ".data/keys");
const PRIVATE_FILE = "platform-ed25519.pem";
const PUBLIC_FILE = "platform-ed25519.pub.pem";

export type PlatformKey = { keyId: string; privateKey: KeyObject; publicKey: KeyObject; publicKeyPem: string };

const keyIds = new WeakMap<KeyObject, string>();

/**
 * First 16 hex digits of SHA-256 over the public key's SPKI DER encoding.
 * Remembered per key object: every verification looks its key up by id, and
 * exporting the key each time cost more than checking the signature.
 */
export function keyIdOf(publicKey: KeyObject): string {
  let id = keyIds.get(publicKey);
  if (id === undefined) {
    id = createHash("sha256")
      .update(publicKey.export({ type: "spki", format: "der" }))
      .digest("hex")
      .slice(0, 16);
    keyIds.set(publicKey, id);
  }
  return id;
}

export function loadOrCreatePlatformKey(dir: string = DEFAULT_KEY_DIR): PlatformKey {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privatePath = path.join(dir, PRIVATE_FILE);
  const privatePem = readOrCreateSecret(privatePath, () =>
    generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  );
  const privateKey = createPrivateKey(privatePem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${privatePath} is not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  // The public half is derived, so rewriting it is harmless; it is what the
  // well-known URL serves.
  readOrCreateSecret(path.join(dir, PUBLIC_FILE), () => publicKeyPem, { mode: 0o644 });
  return { keyId: keyIdOf(publicKey), privateKey, publicKey, publicKeyPem };
}
