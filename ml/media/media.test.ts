import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audioCodecFor, countFrames, createEncoder, decodeFrames, ffmpegPath, probeVideo, run } from "./ffmpeg";
import { rgbFrame } from "./frame";
import { decodeFrame, decodeImage, encodeImage, formatForPath } from "./image-io";
import { psnr } from "./quality";

let dir: string;
let clip: string, vfr: string;

const collect = async (frames: AsyncIterable<Uint8Array>) => {
  const out: Uint8Array[] = [];
  for await (const f of frames) out.push(f);
  return out;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ml-media-"));
  clip = path.join(dir, "clip.mp4");
  // 30 frames at 10 fps with a sine track.
  await run(ffmpegPath(), ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-f", "lavfi", "-i", "sine=duration=3",
    "-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", clip]);
  // Variable frame rate: 30 frames 1/30 s apart, then 15 more 2/30 s apart.
  vfr = path.join(dir, "vfr.mkv");
  await run(ffmpegPath(), ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=30", "-t", "2",
    "-vf", "setpts='if(lt(N,30),N/30/TB,(30+(N-30)*2)/30/TB)'", "-fps_mode", "vfr", "-c:v", "libx264", vfr]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("ml/media", () => {
  it("probes size, the exact frame rate, duration, frame count and audio", async () => {
    const info = await probeVideo(clip);
    expect(info).toMatchObject({ width: 64, height: 48, frameRate: "10/1", fps: 10, frameCount: 30, hasAudio: true, audioCodec: "aac", audioCodecs: ["aac"] });
    expect(info.durationSeconds).toBeGreaterThan(2.9);
    await expect(probeVideo(path.join(dir, "missing.mp4"))).rejects.toThrow(/^ffprobe failed/);
  });

  it("decodes every stored frame, every n-th, the first n, or at a constant rate", async () => {
    expect((await collect(decodeFrames(clip, 64, 48))).length).toBe(30);
    expect((await collect(decodeFrames(clip, 64, 48, { everyNth: 4 }))).length).toBe(8);
    expect((await collect(decodeFrames(clip, 64, 48, { maxFrames: 5 }))).length).toBe(5);
    const stored = await countFrames(vfr);
    expect((await collect(decodeFrames(vfr, 64, 48))).length).toBe(stored);
    // Constant rate repeats frames of the slow half so they keep their times.
    expect((await collect(decodeFrames(vfr, 64, 48, { constantRate: true }))).length).toBeGreaterThan(stored);
    // Stopping early ends ffmpeg.
    for await (const frame of decodeFrames(clip, 64, 48)) {
      expect(frame.length).toBe(64 * 48 * 3);
      break;
    }
  });

  it("says what to do when ffmpeg cannot be run", async () => {
    const saved = process.env.FFMPEG_PATH;
    process.env.FFMPEG_PATH = path.join(dir, "no-ffmpeg");
    try {
      await expect(collect(decodeFrames(clip, 64, 48, { what: "decoding the clip" }))).rejects.toThrow(/^decoding the clip: cannot run no-ffmpeg .*set FFMPEG_PATH/);
    } finally {
      if (saved === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = saved;
    }
  });

  it("encodes at the exact rate with audio; a failing encoder rejects instead of an unhandled EPIPE", async () => {
    const frames = await collect(decodeFrames(clip, 64, 48));
    const out = path.join(dir, "out.mp4");
    const enc = createEncoder(out, { width: 64, height: 48, frameRate: "10/1", crf: 18, audio: { from: clip, codecs: ["aac"] }, faststart: true });
    for (const f of frames) await enc.write(f);
    await enc.finish();
    expect(await probeVideo(out)).toMatchObject({ frameRate: "10/1", frameCount: 30, audioCodecs: ["aac"] });

    const bad = createEncoder(path.join(dir, "bad.webm"), { width: 64, height: 48, frameRate: "10/1", crf: 18 });
    const writing = (async () => { for (let i = 0; i < 200; i++) for (const f of frames) await bad.write(f); await bad.finish(); })();
    await expect(writing).rejects.toThrow(/^encoding .*bad\.webm failed \(exit \d+\): .*WebM/);
    await bad.abort();
    expect(audioCodecFor("mp4", "pcm_u8")).toBe("aac");
    expect(audioCodecFor(".mov", "pcm_u8")).toBe("copy");
    expect(audioCodecFor("mkv", "pcm_u8")).toBe("copy");
    expect(audioCodecFor("mp4", "aac")).toBe("copy");
    expect((await readdir(dir)).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("decodes and encodes images; an RgbImage passes as a Frame without a copy", async () => {
    const img = await decodeImage(await encodeImage({ width: 2, height: 1, data: new Uint8Array([255, 0, 0, 0, 0, 255]) }, "png"));
    expect(Array.from(img.data)).toEqual([255, 0, 0, 0, 0, 255]);
    const frame = rgbFrame(img);
    expect(frame.data).toBe(img.data);
    expect(psnr(frame, img)).toBe(Infinity);
    const rgba = await decodeFrame(await encodeImage({ width: 1, height: 1, channels: 4, data: new Uint8Array([1, 2, 3, 128]) }, "png"));
    expect(rgba).toMatchObject({ channels: 4, data: Buffer.from([1, 2, 3, 128]) });
    expect(psnr(rgba, { width: 1, height: 1, data: new Uint8Array([1, 2, 4]) })).toBeCloseTo(10 * Math.log10(255 * 255 * 3), 6);
    expect(formatForPath("a.JPG")).toBe("jpeg");
    expect(formatForPath("a.bmp", "png")).toBe("png");
    expect(() => formatForPath("a.bmp")).toThrow(/unsupported image type "\.bmp"/);
  });
});
