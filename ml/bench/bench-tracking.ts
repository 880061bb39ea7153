import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { selectBackend } from "../backend/select-backend";
import { detectFaces } from "../faces/detect-faces";
import { inferenceBackend, withBackend } from "../faces/face-api";
import { decodeFrames, probeVideo } from "../media/ffmpeg";
import { createAutoencoder, disposeAutoencoder } from "../model/autoencoder";
import { resolveConfig } from "../model/presets";
import { swapVideo } from "../video/swap-video";
import { smallFaceClip, talkingHeadClip } from "../video/test-clips";

// npx tsx ml/bench/bench-tracking.ts [--frames 125] [--preset tiny] [--repeats 2] [--baselines]
// Faces in video at 720p on the cpu backend (conversion and detection on
// wasm): a 1280x720 25 fps talking head (human-sample-me.jpg pushed in and
// swaying) and a small face (Grace Hopper 160 px tall drifting over a
// 1280x720 canvas). For each: swapVideo end to end (decode, track, swap,
// x264 encode with audio; an untrained model of `preset`, whose cost is the
// real one) with frames per second (the best of `repeats`) and coverage.
// --baselines adds detection alone on every frame with the tiny and the SSD
// detector (what swapVideo did before tracking), for coverage and speed.
const { values: v } = parseArgs({
  options: { frames: { type: "string" }, preset: { type: "string" }, repeats: { type: "string" }, baselines: { type: "boolean" } },
});
const frames = Number(v.frames ?? 125),
  preset = v.preset ?? "tiny",
  repeats = Math.max(1, Number(v.repeats ?? 2));

await selectBackend("cpu", () => {});
const dir = await mkdtemp(path.join(os.tmpdir(), "ml-bench-tracking-"));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * CPU seconds (user + system) of this process and of its finished children
 * (the ffmpeg decoder and encoder), from /proc: unlike wall time, these do
 * not grow when other jobs share the cores.
 */
function cpuSeconds(): { node: number; ffmpeg: number } {
  const fields = readFileSync("/proc/self/stat", "utf8")
    .replace(/^.*\) /, "")
    .split(" ")
    .map(Number);
  const tick = 100; // USER_HZ on Linux
  // After "pid (comm) ": state is field 0, utime 11, stime 12, cutime 13, cstime 14.
  return { node: (fields[11]! + fields[12]!) / tick, ffmpeg: (fields[13]! + fields[14]!) / tick };
}

async function tracked(clip: string) {
  const model = createAutoencoder(resolveConfig(preset), 1);
  try {
    let best: Awaited<ReturnType<typeof swapVideo>> | undefined,
      cpu = { node: Infinity, ffmpeg: Infinity };
    for (let i = 0; i < repeats; i++) {
      const before = cpuSeconds();
      const r = await swapVideo(model, clip, path.join(dir, "out.mp4"));
      const after = cpuSeconds();
      if (!best || r.seconds < best.seconds) best = r;
      cpu = { node: Math.min(cpu.node, after.node - before.node), ffmpeg: Math.min(cpu.ffmpeg, after.ffmpeg - before.ffmpeg) };
    }
    const r = best!;
    return {
      framesPerSecond: round(r.frames / r.seconds),
      // Per frame: this process (tracking, swap, pipes) and ffmpeg (decode + x264), the least of the repeats.
      cpuMsPerFrame: { node: round((cpu.node / r.frames) * 1000, 1), ffmpeg: round((cpu.ffmpeg / r.frames) * 1000, 1) },
      frames: r.frames,
      framesWithPerformer: r.framesWithPerformer,
      framesSwapped: r.framesSwapped,
      coverage: round(r.framesSwapped / Math.max(1, r.framesWithPerformer), 4),
      keyFrames: r.keyFrames,
    };
  } finally {
    disposeAutoencoder(model);
  }
}

/** Detection alone on every frame with one detector: frames with a face and frames per second (decode included). */
async function everyFrame(clip: string, detector: "tiny" | "ssd") {
  const info = await probeVideo(clip);
  const started = performance.now();
  let n = 0,
    found = 0;
  for await (const data of decodeFrames(clip, info.width, info.height)) {
    const faces = await withBackend(inferenceBackend(), () => detectFaces({ width: info.width, height: info.height, data }, { detector }));
    if (faces.length > 0) found++;
    n++;
  }
  return { framesPerSecond: round(n / ((performance.now() - started) / 1000)), frames: n, framesWithFace: found };
}

/** Loads the detectors' weights and compiles their wasm kernels (seconds, once per process) outside the timings. */
async function warmUp(clip: string): Promise<void> {
  const info = await probeVideo(clip);
  for await (const data of decodeFrames(clip, info.width, info.height, { maxFrames: 1 })) {
    const frame = { width: info.width, height: info.height, data };
    await withBackend(inferenceBackend(), async () => {
      await detectFaces(frame, { detector: "ssd", descriptors: true });
      await detectFaces(frame, { detector: "tiny", tinyInputSize: 160 });
    });
  }
}

try {
  const clips = {
    talkingHead720p: await talkingHeadClip(dir, { width: 1280, height: 720, frames }),
    smallFace720p: await smallFaceClip(dir, { frames }),
  };
  await warmUp(clips.talkingHead720p);
  const results: Record<string, unknown> = {};
  for (const [name, clip] of Object.entries(clips)) {
    results[name] = {
      tracked: await tracked(clip),
      ...(v.baselines ? { tinyEveryFrame: await everyFrame(clip, "tiny"), ssdEveryFrame: await everyFrame(clip, "ssd") } : {}),
    };
  }
  console.log(
    JSON.stringify(
      {
        preset,
        frames,
        repeats,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        loadAverage: os.loadavg().map((l) => round(l, 1)),
        node: process.version,
        ...results,
      },
      null,
      2,
    ),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
