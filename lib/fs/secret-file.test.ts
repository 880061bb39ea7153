import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readOrCreateSecret } from "./secret-file";

const ROOT = path.resolve(import.meta.dirname, "../..");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "likeness-secret-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("readOrCreateSecret", () => {
  it("creates the file once (0600, in a new 0700 folder) and returns it ever after", () => {
    const file = path.join(dir, "keys", "master.key");
    let made = 0;
    const make = () => `secret-${++made}`;
    expect(readOrCreateSecret(file, make)).toBe("secret-1");
    expect(readOrCreateSecret(file, make)).toBe("secret-1");
    expect(made).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.dirname(file))).toEqual(["master.key"]);
  });

  it("a creator that loses the race returns the winner's secret, and the winner's file stays", () => {
    const file = path.join(dir, "nextauth-secret");
    let winner = "";
    // The loser has checked that the file is absent and is making its secret
    // when the other creator finishes: exactly the window rename(2) got wrong.
    const loser = readOrCreateSecret(file, () => {
      winner = readOrCreateSecret(file, () => "winner");
      return "loser";
    });
    expect(winner).toBe("winner");
    expect(loser).toBe("winner");
    expect(readFileSync(file, "utf8")).toBe("winner");
    expect(readdirSync(dir)).toEqual(["nextauth-secret"]); // no temp files left
  });

  it("keeps the mode it is given (a public half)", () => {
    const file = path.join(dir, "key.pub.pem");
    readOrCreateSecret(file, () => "public", { mode: 0o644 });
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it("refuses an empty file instead of using an empty secret", () => {
    const file = path.join(dir, "empty.key");
    writeFileSync(file, "");
    expect(() => readOrCreateSecret(file, () => "x")).toThrow(/is empty/);
  });

  it("eight processes starting together all end with the same secret", async () => {
    const file = path.join(dir, "keys", "master.key");
    const script = path.join(dir, "create.mts");
    writeFileSync(
      script,
      `import { randomBytes } from "node:crypto";
import { readOrCreateSecret } from ${JSON.stringify(path.join(ROOT, "lib/fs/secret-file.ts"))};
const [file, startAt] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {}
process.stdout.write(readOrCreateSecret(file, () => randomBytes(32).toString("hex")));
`,
    );
    const startAt = Date.now() + 3000; // after every process has loaded
    const run = promisify(execFile);
    const outputs = await Promise.all(
      Array.from({ length: 8 }, () =>
        run(process.execPath, ["--import", "tsx", script, file, String(startAt)], { cwd: ROOT }).then((r) => r.stdout),
      ),
    );
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file, "utf8")).toBe(outputs[0]);
    expect(readdirSync(path.dirname(file))).toEqual(["master.key"]);
  }, 60_000);
});
