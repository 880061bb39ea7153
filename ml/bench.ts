import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parsePreference, selectBackend, type BackendInfo } from "./backend/select-backend";
import { benchConvert, makeBenchVideo, type ConvertBench } from "./bench/bench-convert";
import { benchTrain, type TrainBench } from "./bench/bench-train";
import { compareWithTorch, type ReferenceComparison } from "./bench/compare-with-torch";
import { wasmThreads } from "./backend/wasm-threads";
import { startMemorySampler } from "./bench/memory-sampler";
import { resolveConfig } from "./model/presets";
import { testPhoto } from "./testing/photos";

// npm run bench:ml [-- --quick] [--presets a,b] [--batches 8,64] [--steps N]
//   [--frames N] [--train-only] [--reference] [--backends wasm,cpu]
// Prints one JSON object on stdout; logs go to stderr.
// --reference: the PyTorch reference's work (one decoder, L1), by default
// torch-reference-w1 at batch 8 and training only, timed beside
// /work/shared/bench/torch_reference.py on the same model and batch when
// python3 can import torch (`reference` in the JSON: ms/step and ratios).
// --backends: time training on each named backend in turn (ML_BACKEND values).
// --torch-threads N: PyTorch's CPU threads (default: every core, its own default).
const { values: v } = parseArgs({
  options: {
    quick: { type: "boolean" },
    presets: { type: "string" },
    batches: { type: "string" },
    steps: { type: "string" },
    frames: { type: "string" },
    "train-only": { type: "boolean" },
    reference: { type: "boolean" },
    backends: { type: "string" },
    "torch-threads": { type: "string" },
  },
});

const quick = v.quick ?? false;
const reference = v.reference ?? false;
const presets = (v.presets ?? (reference ? "torch-reference-w1" : quick ? "tiny,small" : "small,original")).split(",");
const batches = (v.batches ?? (reference ? "8" : quick ? "4" : "8,64")).split(",").map(Number);
const steps = Number(v.steps ?? (quick ? 3 : reference ? 5 : 20));
const frames = Number(v.frames ?? (quick ? 4 : 50));
const trainOnly = (v["train-only"] ?? false) || reference;

const backends: BackendInfo[] = [];
for (const name of v.backends ? v.backends.split(",") : [undefined])
  backends.push(await selectBackend(name === undefined ? undefined : parsePreference(name)));
const memory = startMemorySampler();
const train: Array<TrainBench & { backend: string }> = [];
const convert: ConvertBench[] = [];

for (const backend of backends) {
  await selectBackend(backend.requested);
  for (const preset of presets) {
    const config = resolveConfig(preset);
    for (const batch of batches) {
      console.error(`train ${preset} batch ${batch} x ${steps} on ${backend.backend}`);
      train.push({ backend: backend.backend, ...(await benchTrain(config, batch, steps, reference ? "reference" : "swap")) });
    }
  }
}
const backend = backends.at(-1)!;
// After tfjs, so the two never share the cores. PyTorch gets as many threads as wasm's XNNPACK pool by default.
const torchThreads = Number(v["torch-threads"] ?? wasmThreads());
const comparisons: ReferenceComparison[] = reference ? await compareWithTorch(train, steps, torchThreads) : [];

if (!trainOnly) {
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

console.log(
  JSON.stringify(
    {
      backend: backend.backend,
      device: backend.device,
      devices: Object.fromEntries(backends.map((b) => [b.backend, b.device])),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      quick,
      train,
      ...(reference && { reference: comparisons }),
      convert,
      ...memory.stop(),
    },
    null,
    2,
  ),
);
