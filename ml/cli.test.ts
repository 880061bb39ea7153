import { spawn, spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { testPhoto } from "./testing/photos";

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

  it("train saves a checkpoint at the step it reached on SIGINT, and --resume continues from it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ml-cli-"));
    try {
      for (const [side, photo] of [["a", "python-matplotlib-data-grace_hopper.jpg"], ["b", "human-sample-me.jpg"]] as const) {
        await mkdir(path.join(dir, side));
        await copyFile(testPhoto(photo), path.join(dir, side, photo));
      }
      const model = path.join(dir, "m.lkae");
      const train = ["train", "--a", path.join(dir, "a"), "--b", path.join(dir, "b"), "--preset", "tiny", "--batch", "1", "--out", model];
      const env = { ...process.env, ML_BACKEND: "cpu" };
      // A run far too long to finish, interrupted once it has trained a few steps.
      const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "cli.ts"), ...train, "--steps", "100000"], { env });
      let stderr = "";
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (/step 3\//.test(stderr) && child.exitCode === null && !child.killed) child.kill("SIGINT");
      });
      expect(await exited, stderr).toBe(130);
      const stoppedAt = Number(/checkpoint saved at step (\d+); continue with --resume/.exec(stderr)?.[1]);
      expect(stoppedAt).toBeGreaterThanOrEqual(3);
      const resumed = cli(...train, "--steps", String(stoppedAt + 2), "--resume");
      expect(resumed.status, resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ steps: stoppedAt + 2, resumedFrom: stoppedAt });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
