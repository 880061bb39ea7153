import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "likeness-c2pa-dev-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the development C2PA chain", () => {
  it("four processes starting together all use one chain, whose key matches its certificate", async () => {
    const keys = path.join(dir, "keys");
    const script = path.join(dir, "load.mts");
    writeFileSync(
      script,
      `import { createPublicKey, X509Certificate } from "node:crypto";
import { developmentCredentials } from ${JSON.stringify(path.join(ROOT, "lib/provenance/c2pa/credentials.ts"))};
const [keys, startAt] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {}
const c = developmentCredentials(keys);
const leaf = new X509Certificate(c.chain[0]);
const matches = createPublicKey(c.privateKey).export({ type: "spki", format: "pem" }) === leaf.publicKey.export({ type: "spki", format: "pem" });
process.stdout.write(JSON.stringify({ fingerprint: leaf.fingerprint256, matches }));
`,
    );
    const startAt = Date.now() + 3000;
    const run = promisify(execFile);
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ["--import", "tsx", script, keys, String(startAt)], { cwd: ROOT }).then((r) => JSON.parse(r.stdout)),
      ),
    );
    expect(new Set(outputs.map((o) => o.fingerprint)).size).toBe(1);
    expect(outputs.every((o) => o.matches)).toBe(true);
    expect(readdirSync(keys)).toEqual(["c2pa-dev"]); // no temp folders left
    expect(readFileSync(path.join(keys, "c2pa-dev", "chain.pem"), "utf8")).toContain("BEGIN CERTIFICATE");
  }, 60_000);
});
