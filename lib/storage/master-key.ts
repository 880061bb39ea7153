import { randomBytes } from "node:crypto";
import path from "node:path";
import { dataDir, masterKeyFromEnv } from "@/lib/config";
import { readOrCreateSecret } from "@/lib/fs/secret-file";

// The platform master key wraps every data key. From LIKENESS_MASTER_KEY (64 hex
// chars) when set; otherwise generated once into the data folder (0600), which
// is fine for one machine and must be replaced by a managed secret in production.
let cached: Buffer | null = null;

export function masterKey(): Buffer {
  if (cached) return cached;
  const fromEnv = masterKeyFromEnv();
  if (fromEnv) {
    cached = fromEnv;
    return cached;
  }
  // Created once: of processes starting together, every one uses the first one's key
  // (a rename would let a later one replace a key the first had already wrapped data keys with).
  const file = path.join(dataDir(), "keys", "master.key");
  const hex = readOrCreateSecret(file, () => randomBytes(32).toString("hex")).trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} must hold 64 hex characters (32 bytes)`);
  cached = Buffer.from(hex, "hex");
  return cached;
}
