import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { testPhoto } from "../testing/photos";
import { parsePayloadHex } from "./embed";
import { ffmpegPath, probeVideo } from "@/lib/media";
import { detectVideoFile, watermarkVideoFile } from "./video-file";

describe("video watermark", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "likeness-video-"));
  const ff = (...args: string[]) => execFileSync(ffmpegPath(), ["-loglevel", "error", "-y", ...args]);
  /** A 2 s, 30 fps clip of a test photo through an ffmpeg filter (a moving crop: a pan). */
  const panClip = (photo: string, filter: string, out: string) =>
    ff("-loop", "1", "-i", testPhoto(photo), "-vf", filter, "-t", "2", "-r", "30", "-pix_fmt", "yuv420p", out);

  it("survives an H.264 CRF 28 re-encode with a frame-rate change from 30 to 24 fps", async () => {
    const input = path.join(dir, "in.mp4");
    // A pan across a real photo (skimage astronaut), 640x480.
    panClip("python3-skimage-astronaut.png", "scale=1280:1280,crop=640:480:x='n*4':y=200", input);
    const marked = path.join(dir, "marked.mp4");
    const { frames } = await watermarkVideoFile(input, marked, {
      payload: parsePayloadHex("00ff00ff12345678"),
      disclosure: { text: "AI-generated likeness, licensed", verifyCode: "TEST-CODE-0000-00" },
    });
    expect(frames).toBe(60);
    const attacked = path.join(dir, "attacked.mp4");
    ff("-i", marked, "-c:v", "libx264", "-crf", "28", "-r", "24", attacked);
    const result = await detectVideoFile(attacked);
    expect(result).toMatchObject({ found: true, payload: "00ff00ff12345678" });
    // Fewer frames than were marked: the detector saw the re-timed stream.
    expect(result.framesAnalysed).toBeLessThan(frames);
    expect((await detectVideoFile(input)).found).toBe(false);
  });

  it("finds the exact payload after a rescale by 2/3 (640 x 360 -> 426 x 240) and an H.264 CRF 28 re-encode, via the first-order lattice search", async () => {
    const input = path.join(dir, "rescale-in.mp4");
    // A diagonal pan across a real photo (skimage coffee), 640x360.
    // The auto-correlation alone (before the first-order search) lost it.
    panClip("python3-skimage-coffee.png", "scale=1280:-2,crop=640:360:x='n*2':y='n*2'", input);
    const marked = path.join(dir, "rescale-marked.mp4");
    await watermarkVideoFile(input, marked, { payload: parsePayloadHex("0badc0de87654321") });
    const attacked = path.join(dir, "rescale-attacked.mp4");
    ff("-i", marked, "-vf", "scale=426:240", "-c:v", "libx264", "-crf", "28", attacked);
    const result = await detectVideoFile(attacked);
    expect(result).toMatchObject({ found: true, payload: "0badc0de87654321" });
    // The undone geometry: one tile step of 128 px became ~85 px along both axes.
    expect(result.geometry?.scale).toBeCloseTo(2 / 3, 2);
  });

  it("re-encodes audio MP4 cannot carry (an AVI with PCM u8) to AAC; a failing encoder gives a clear error and leaves no temp file", async () => {
    const input = path.join(dir, "pcm.avi");
    ff(
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=320x240:rate=10",
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440:duration=1",
      "-t",
      "1",
      "-c:v",
      "mpeg4",
      "-c:a",
      "pcm_u8",
      input,
    );
    expect((await probeVideo(input)).audioCodecs).toEqual(["pcm_u8"]);
    const payload = parsePayloadHex("0123456789abcdef");
    const out = path.join(dir, "pcm-marked.mp4");
    expect((await watermarkVideoFile(input, out, { payload })).frames).toBe(10);
    const marked = await probeVideo(out);
    expect(marked).toMatchObject({ width: 320, height: 240, frameRate: "10/1", audioCodecs: ["aac"] });
    // MKV takes PCM as it is: still copied.
    const mkv = path.join(dir, "pcm-marked.mkv");
    await watermarkVideoFile(input, mkv, { payload });
    expect((await probeVideo(mkv)).audioCodecs).toEqual(["pcm_u8"]);
    // WebM cannot hold H.264: ffmpeg fails once frames arrive (no unhandled EPIPE), and nothing is left behind.
    const bad = path.join(dir, "pcm-marked.webm");
    await expect(watermarkVideoFile(input, bad, { payload })).rejects.toThrow(/^encoding the video failed \(exit \d+\): ./);
    expect(readdirSync(dir).filter((f) => f.includes("pcm-marked.") && f.endsWith(".webm"))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp.mp4") || f.endsWith(".tmp.mkv"))).toEqual([]);
  });
});
