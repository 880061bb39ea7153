import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { renderSwap } from "../render/render-swap";
import { createMemoryCheckpointStore } from "../storage/memory-checkpoint-store";
import { augmentedPortraits } from "../testing/likeness-fixtures";
import { testPhoto } from "../testing/photos";
import { ffmpegPath, run } from "../media/ffmpeg";
import { startMemorySampler } from "./memory-sampler";

// npx tsx ml/bench/bench-render-swap.ts [--preset tiny|auto] [--steps 300] [--batch 8] [--seconds 5]
// One whole render, as the render worker runs it: 6 augmented photos of the
// talent (human-sample-me.jpg) onto a 1280x720 25 fps clip of another person
// (Grace Hopper) drifting sideways, with an AAC sine track. Prints JSON with
// the wall time of each stage; stage log lines go to stderr.
const { values: v } = parseArgs({
  options: { preset: { type: "string" }, steps: { type: "string" }, batch: { type: "string" }, seconds: { type: "string" } },
});
const preset = v.preset ?? "tiny",
  steps = Number(v.steps ?? 300),
  batchSize = Number(v.batch ?? 8),
  seconds = Number(v.seconds ?? 5);

const dir = await mkdtemp(path.join(os.tmpdir(), "ml-bench-render-"));
try {
  const footage = path.join(dir, "footage.mp4");
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-f",
    "lavfi",
    "-i",
    `color=c=0x404850:s=1280x720:r=25:d=${seconds}`,
    "-loop",
    "1",
    "-i",
    testPhoto("python-matplotlib-data-grace_hopper.jpg"),
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:sample_rate=44100:duration=${seconds}`,
    "-filter_complex",
    "[1:v]scale=-2:600[p];[0:v][p]overlay=x='330+30*t':y=60:shortest=1,format=yuv420p[v]",
    "-map",
    "[v]",
    "-map",
    "2:a",
    "-t",
    String(seconds),
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-c:a",
    "aac",
    footage,
  ]);
  const talentImages = await augmentedPortraits(6);
  const memory = startMemorySampler();
  const started = performance.now();
  let previews = 0;
  const r = await renderSwap({
    talentImages,
    footagePath: footage,
    outputPath: path.join(dir, "out.mp4"),
    preset,
    steps,
    batchSize,
    store: createMemoryCheckpointStore(),
    checkpointKey: "bench/model.lkae",
    onPreview: () => previews++,
    onLog: (level, message) => console.error(`${level}: ${message}`),
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const round = (x: number) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify(
      {
        preset,
        steps,
        batchSize,
        footage: `1280x720 25 fps ${seconds} s`,
        backend: r.backend,
        device: r.device,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        node: process.version,
        wallSeconds: round(wallSeconds),
        stageSeconds: Object.fromEntries(Object.entries(r.stageSeconds).map(([k, s]) => [k, round(s)])),
        trainStepsPerSecond: round(steps / r.stageSeconds.train),
        convertFramesPerSecond: round(r.framesTotal / r.stageSeconds.convert),
        framesTotal: r.framesTotal,
        framesWithPerformer: r.framesWithPerformer,
        framesSwapped: r.framesSwapped,
        modelId: r.modelId,
        finalLoss: r.finalLoss,
        previews,
        ...memory.stop(),
      },
      null,
      2,
    ),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
