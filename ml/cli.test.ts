import { spawn, spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { testPhoto } from "./testing/photos";
import { decodeFrames, probeVideo } from "./media/ffmpeg";
import { twoShotClip } from "./video/test-clips";

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "cli.ts"), ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });

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
      for (const [side, photo] of [
        ["a", "python-matplotlib-data-grace_hopper.jpg"],
        ["b", "human-sample-me.jpg"],
      ] as const) {
        await mkdir(path.join(dir, side));
        await copyFile(testPhoto(photo), path.join(dir, side, photo));
      }
      const model = path.join(dir, "m.lkae");
      const train = ["train", "--a", path.join(dir, "a"), "--b", path.join(dir, "b"), "--preset", "tiny", "--batch", "1", "--out", model];
      const env = { ...process.env, ML_BACKEND: "cpu" };
      // A run far too long to finish, interrupted once it has trained a few steps.
      const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "cli.ts"), ...train, "--steps", "100000"], {
        env,
      });
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

  it("performers lists the people in a two-shot with thumbnails, and swap --performer changes only that person's side", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ml-cli-performer-"));
    try {
      // Grace Hopper left, Eileen Collins right; a tiny model trained one step is enough to change pixels.
      const clip = await twoShotClip(dir, { right: "python3-skimage-astronaut.png", frames: 4 });
      for (const [side, photo] of [
        ["a", "python-matplotlib-data-grace_hopper.jpg"],
        ["b", "human-sample-me.jpg"],
      ] as const) {
        await mkdir(path.join(dir, side));
        await copyFile(testPhoto(photo), path.join(dir, side, photo));
      }
      const model = path.join(dir, "m.lkae");
      const env = { ...process.env, ML_BACKEND: "cpu" };
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "cli.ts"), ...args], {
          encoding: "utf8",
          timeout: 120_000,
          env,
        });
      const trained = run(
        "train",
        "--a",
        path.join(dir, "a"),
        "--b",
        path.join(dir, "b"),
        "--preset",
        "tiny",
        "--batch",
        "1",
        "--steps",
        "1",
        "--out",
        model,
      );
      expect(trained.status, trained.stderr).toBe(0);

      const listed = run("performers", clip.file, "--thumbs", path.join(dir, "thumbs"));
      expect(listed.status, listed.stderr).toBe(0);
      const { performers } = JSON.parse(listed.stdout) as { performers: Array<{ id: string; frames: number; thumbnail: string }> };
      expect(performers).toHaveLength(2);
      for (const p of performers) expect(spawnSync("ffprobe", ["-v", "error", p.thumbnail]).status).toBe(0);

      const unknown = run("swap", "--model", model, "--in", clip.file, "--out", path.join(dir, "x.mp4"), "--performer", "p9");
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain("--performer p9: no such person in this footage; it shows p1");

      const out = path.join(dir, "swapped.mp4");
      const swapped = run("swap", "--model", model, "--in", clip.file, "--out", out, "--performer", performers[1]!.id);
      expect(swapped.status, swapped.stderr).toBe(0);
      expect(JSON.parse(swapped.stdout)).toMatchObject({ frames: 4, framesWithFace: 4 });
      // One side painted, the other as it was (re-encoding aside): only the chosen person is swapped.
      const { left, right } = await sidesChanged(clip.file, out, clip.splitX);
      expect(Math.max(left, right)).toBeGreaterThan(0.01);
      expect(Math.min(left, right)).toBeLessThan(0.002);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

/** Share of pixels on each side of `splitX` that differ by more than 40 levels in some channel between two videos' frames. */
async function sidesChanged(a: string, b: string, splitX: number): Promise<{ left: number; right: number }> {
  const info = await probeVideo(a);
  const read = async (file: string) => {
    const frames: Uint8Array[] = [];
    for await (const f of decodeFrames(file, info.width, info.height)) frames.push(f);
    return frames;
  };
  const [fa, fb] = [await read(a), await read(b)];
  let left = 0,
    right = 0;
  for (let i = 0; i < fa.length; i++) {
    for (let p = 0; p < info.width * info.height; p++) {
      const d = Math.max(...[0, 1, 2].map((c) => Math.abs(fa[i]![p * 3 + c]! - fb[i]![p * 3 + c]!)));
      if (d > 40) {
        if (p % info.width < splitX) left++;
        else right++;
      }
    }
  }
  const half = fa.length * info.height;
  return { left: left / (half * splitX), right: right / (half * (info.width - splitX)) };
}
