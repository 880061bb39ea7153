import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, masterKeyFromEnv } from "@/lib/config";

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
  const file = path.join(dataDir(), "keys", "master.key");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, randomBytes(32).toString("hex"), { mode: 0o600 });
    try {
      renameSync(tmp, file);
    } catch {
      // Another process won the race; use its key.
    }
  }
  cached = Buffer.from(readFileSync(file, "utf8").trim(), "hex");
  return cached;
}
