import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "cli.ts"), ...args], { encoding: "utf8", timeout: 60_000 });

describe("ml CLI", () => {
  it("prints usage and exits 0 for --help, -h and no command", () => {
    for (const args of [["--help"], ["-h"], []]) {
      const r = cli(...args);
      expect(r.status, `args ${JSON.stringify(args)}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^usage: npm run ml -- <command>/);
      expect(r.stdout).toContain("train --a DIR --b DIR");
    }
  });

  it("exits 2 with usage on stderr for an unknown command", () => {
    const r = cli("frobnicate");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain("usage: npm run ml");
  });
});
