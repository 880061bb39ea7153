import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audioCodecFor, countFrames, createEncoder, decodeFrames, ffmpegPath, ffprobePath, probeVideo, run } from "./ffmpeg";
import { rgbFrame } from "./frame";
import { decodeFrame, decodeImage, encodeImage, formatForPath } from "./image-io";
import { psnr } from "./quality";

let dir: string;
let clip: string, vfr: string, phoneClip: string;

const collect = async (frames: AsyncIterable<Uint8Array>) => {
  const out: Uint8Array[] = [];
  for await (const f of frames) out.push(f);
  return out;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ml-media-"));
  clip = path.join(dir, "clip.mp4");
  // 30 frames at 10 fps with a sine track.
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=64x48:rate=10",
    "-f",
    "lavfi",
    "-i",
    "sine=duration=3",
    "-t",
    "3",
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    clip,
  ]);
  // Variable frame rate: 30 frames 1/30 s apart, then 15 more 2/30 s apart.
  vfr = path.join(dir, "vfr.mkv");
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=64x48:rate=30",
    "-t",
    "2",
    "-vf",
    "setpts='if(lt(N,30),N/30/TB,(30+(N-30)*2)/30/TB)'",
    "-fps_mode",
    "vfr",
    "-c:v",
    "libx264",
    vfr,
  ]);
  // As a phone records: MP4 stating 30 fps, 1 s of frames 1/30 s apart then
  // 50 frames 2/30 s apart (80 frames, about 4.3 s), 4.5 s of audio.
  // The audio is muxed in a second pass: -frames:v in the same pass ends the audio after ~1 s.
  const phoneVideo = path.join(dir, "phone-video.mp4");
  phoneClip = path.join(dir, "phone.mp4");
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=64x48:rate=30",
    "-vf",
    "setpts='if(lt(N,30),N/30/TB,(30+(N-30)*2)/30/TB)'",
    "-fps_mode",
    "passthrough",
    "-frames:v",
    "80",
    "-c:v",
    "libx264",
    phoneVideo,
  ]);
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-i",
    phoneVideo,
    "-f",
    "lavfi",
    "-i",
    "sine=duration=4.5",
    "-map",
    "0:v",
    "-map",
    "1:a",
    "-c:v",
    "copy",
    "-c:a",
    "aac",
    phoneClip,
  ]);
});

/** Seconds of each stream of a file, by codec type. */
async function streamSeconds(file: string): Promise<{ video: number; audio: number }> {
  const out = await run(ffprobePath(), ["-v", "error", "-show_entries", "stream=codec_type,duration", "-of", "csv=p=0", file]);
  const of = (type: string) =>
    Number(
      out
        .split("\n")
        .find((l) => l.startsWith(type))!
        .split(",")[1],
    );
  return { video: of("video"), audio: of("audio") };
}

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("ml/media", () => {
  it("probes size, the exact frame rate, duration, frame count and audio", async () => {
    const info = await probeVideo(clip);
    expect(info).toMatchObject({
      width: 64,
      height: 48,
      frameRate: "10/1",
      fps: 10,
      frameCount: 30,
      hasAudio: true,
      audioCodec: "aac",
      audioCodecs: ["aac"],
    });
    expect(info).toMatchObject({ variableFrameRate: false, storedFrameRate: "10/1" });
    expect(info.durationSeconds).toBeGreaterThan(2.9);
    await expect(probeVideo(path.join(dir, "missing.mp4"))).rejects.toThrow(/^ffprobe failed/);
  });

  it("decodes every stored frame, every n-th, the first n, or at a constant rate", async () => {
    expect((await collect(decodeFrames(clip, 64, 48))).length).toBe(30);
    expect((await collect(decodeFrames(clip, 64, 48, { everyNth: 4 }))).length).toBe(8);
    expect((await collect(decodeFrames(clip, 64, 48, { maxFrames: 5 }))).length).toBe(5);
    expect((await collect(decodeFrames(clip, 64, 48, { constantRate: true }))).length).toBe(30);
    // The MKV states 30 fps but holds 30 frames 1/30 s apart and 15 more 2/30 s apart.
    const stored = await countFrames(vfr);
    expect(stored).toBe(45);
    expect((await collect(decodeFrames(vfr, 64, 48, { constantRate: false }))).length).toBe(stored);
    const info = await probeVideo(vfr);
    expect(info).toMatchObject({ variableFrameRate: true, storedFrameRate: "30/1", frameCount: 45 });
    // Its average rate, 45 frames over the 1.967 s they span.
    expect(info.fps).toBeCloseTo(45 / 1.9667, 1);
    // By default at that rate: the slow half's frames repeated, the fast half's dropped, as many in all.
    const resampled = await collect(decodeFrames(vfr, 64, 48));
    expect(resampled.length).toBe(45);
    const passthrough = await collect(decodeFrames(vfr, 64, 48, { constantRate: false }));
    const repeats = (frames: Uint8Array[]) =>
      frames.filter(
        (f, i) => i > 0 && psnr({ width: 64, height: 48, data: f }, { width: 64, height: 48, data: frames[i - 1]! }) === Infinity,
      ).length;
    expect(repeats(passthrough)).toBe(0);
    expect(repeats(resampled)).toBeGreaterThan(0);
    expect((await collect(decodeFrames(vfr, 64, 48, { everyNth: 5 }))).length).toBe(9);
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
      await expect(collect(decodeFrames(clip, 64, 48, { what: "decoding the clip" }))).rejects.toThrow(
        /^decoding the clip: cannot run no-ffmpeg .*set FFMPEG_PATH/,
      );
    } finally {
      if (saved === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = saved;
    }
  });

  it("encodes at the exact rate with audio; a failing encoder rejects instead of an unhandled EPIPE", async () => {
    const frames = await collect(decodeFrames(clip, 64, 48));
    const out = path.join(dir, "out.mp4");
    const enc = createEncoder(out, {
      width: 64,
      height: 48,
      frameRate: "10/1",
      crf: 18,
      audio: { from: clip, codecs: ["aac"] },
      faststart: true,
    });
    for (const f of frames) await enc.write(f);
    await enc.finish();
    expect(await probeVideo(out)).toMatchObject({ frameRate: "10/1", frameCount: 30, audioCodecs: ["aac"] });

    const bad = createEncoder(path.join(dir, "bad.webm"), { width: 64, height: 48, frameRate: "10/1", crf: 18 });
    const writing = (async () => {
      for (let i = 0; i < 200; i++) for (const f of frames) await bad.write(f);
      await bad.finish();
    })();
    await expect(writing).rejects.toThrow(/^encoding .*bad\.webm failed \(exit \d+\): .*WebM/);
    await bad.abort();
    expect(audioCodecFor("mp4", "pcm_u8")).toBe("aac");
    expect(audioCodecFor(".mov", "pcm_u8")).toBe("copy");
    expect(audioCodecFor("mkv", "pcm_u8")).toBe("copy");
    expect(audioCodecFor("mp4", "aac")).toBe("copy");
    expect((await readdir(dir)).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("takes a clip cut without re-encoding (frames hidden by an edit list) as constant-rate", async () => {
    const cut = path.join(dir, "cut.mp4");
    await run(ffmpegPath(), ["-v", "error", "-ss", "1.3", "-i", clip, "-c", "copy", cut]);
    const info = await probeVideo(cut);
    expect(info).toMatchObject({ variableFrameRate: false, frameRate: "10/1" });
    expect((await collect(decodeFrames(cut, 64, 48))).length).toBe(await countFrames(cut));
  });

  it("keeps a variable-frame-rate phone clip's length and audio through decode and encode at the probed rate", async () => {
    const info = await probeVideo(phoneClip);
    expect(info).toMatchObject({ variableFrameRate: true, storedFrameRate: "30/1", frameCount: 80 });
    const input = await streamSeconds(phoneClip);
    expect(input.video).toBeGreaterThan(4.2);
    expect(input.audio).toBeCloseTo(4.5, 2);
    // As swap-video does it: every decoded frame, encoded at info.frameRate, audio muxed from the input.
    const out = path.join(dir, "phone-out.mp4");
    const enc = createEncoder(out, {
      width: info.width,
      height: info.height,
      frameRate: info.frameRate,
      crf: 18,
      audio: { from: phoneClip, codecs: info.audioCodecs },
    });
    for await (const frame of decodeFrames(phoneClip, info.width, info.height)) await enc.write(frame);
    await enc.finish();
    const output = await streamSeconds(out);
    expect(Math.abs(output.video - input.video)).toBeLessThanOrEqual(1 / info.fps);
    expect(output.audio).toBeCloseTo(input.audio, 2);
    // Stored frames at the stored 30 fps would have played 80 / 30 = 2.67 s.
    expect(output.video).toBeGreaterThan(80 / 30 + 1);
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
