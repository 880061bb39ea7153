import type { TrainBench } from "./bench-train";
import { runTorchReference, type TorchReference } from "./torch-reference";

export type ReferenceComparison = {
  preset: string;
  batch: number;
  torch: TorchReference;
  /** tfjs ms per step on each backend timed. */
  tfjs: Record<string, { medianStepMs: number; minStepMs: number }>;
  /** tfjs / PyTorch per backend, of the medians and of the minimums (the minimum is the steadier figure on a shared machine); absent without torch. */
  ratio?: Record<string, { median: number; min: number }>;
};

/**
 * Runs the PyTorch reference once per (torch-reference-wN preset, batch)
 * that was timed on tfjs, with the same number of timed steps, and pairs
 * the numbers. Presets without a PyTorch counterpart are left out.
 */
export async function compareWithTorch(
  train: Array<TrainBench & { backend: string }>,
  steps: number,
  threads: number,
): Promise<ReferenceComparison[]> {
  const out: ReferenceComparison[] = [];
  for (const t of train) {
    const width = /^torch-reference-w(\d+)$/.exec(t.preset)?.[1];
    if (!width || t.mode !== "reference") continue;
    let entry = out.find((c) => c.preset === t.preset && c.batch === t.batch);
    if (!entry) {
      console.error(`torch reference ${t.preset} batch ${t.batch} x ${steps}`);
      entry = { preset: t.preset, batch: t.batch, torch: await runTorchReference(Number(width), t.batch, steps, threads), tfjs: {} };
      out.push(entry);
    }
    entry.tfjs[t.backend] = { medianStepMs: t.medianStepMs, minStepMs: t.minStepMs };
  }
  for (const c of out) {
    const torch = c.torch;
    if (!torch.available) continue;
    c.ratio = Object.fromEntries(
      Object.entries(c.tfjs).map(([b, t]) => [
        b,
        { median: round1(t.medianStepMs / torch.medianStepMs), min: round1(t.minStepMs / torch.minStepMs) },
      ]),
    );
  }
  return out;
}

const round1 = (v: number) => Math.round(v * 10) / 10;
