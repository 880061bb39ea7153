import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { selectBackend } from "./backend/select-backend";
import { benchConvert, makeBenchVideo, type ConvertBench } from "./bench/bench-convert";
import { benchTrain, type TrainBench } from "./bench/bench-train";
import { startMemorySampler } from "./bench/memory-sampler";
import { resolveConfig } from "./model/presets";
import { testPhoto } from "./testing/photos";

// npm run bench:ml [-- --quick] [--presets a,b] [--batches 8,64] [--steps N]
//   [--frames N] [--train-only] [--reference]
// Prints one JSON object on stdout; logs go to stderr.
const { values: v } = parseArgs({
  options: {
    quick: { type: "boolean" }, presets: { type: "string" }, batches: { type: "string" }, steps: { type: "string" },
    frames: { type: "string" }, "train-only": { type: "boolean" }, reference: { type: "boolean" },
  },
});

const quick = v.quick ?? false;
const presets = (v.presets ?? (quick ? "tiny,small" : "small,original")).split(",");
const batches = (v.batches ?? (quick ? "4" : "8,64")).split(",").map(Number);
const steps = Number(v.steps ?? (quick ? 3 : 20));
const frames = Number(v.frames ?? (quick ? 4 : 50));

const backend = await selectBackend();
const memory = startMemorySampler();
const train: TrainBench[] = [];
const convert: ConvertBench[] = [];

for (const preset of presets) {
  const config = resolveConfig(preset);
  for (const batch of batches) {
    console.error(`train ${preset} batch ${batch} x ${steps}`);
    train.push(await benchTrain(config, batch, steps, v.reference ? "reference" : "swap"));
  }
}

if (!v["train-only"]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ml-bench-"));
  try {
    const convertPresets = quick ? [presets[0]!] : presets;
    for (const res of ["720p", "1080p"] as const) {
      const video = await makeBenchVideo(dir, testPhoto("human-sample-me.jpg"), res, frames);
      for (const preset of convertPresets) {
        console.error(`convert ${preset} ${res} x ${frames} frames`);
        convert.push(await benchConvert(resolveConfig(preset), video, res, dir));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(JSON.stringify({
  backend: backend.backend, device: backend.device, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version,
  quick, train, convert, ...memory.stop(),
}, null, 2));
