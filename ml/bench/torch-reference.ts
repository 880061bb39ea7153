import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** /work/shared/bench/torch_reference.py by default; TORCH_REF overrides, as in ml/bench-vs-torch.sh. */
export const torchReferenceScript = () => process.env.TORCH_REF ?? "/work/shared/bench/torch_reference.py";
const cpuRunner = path.join(path.dirname(fileURLToPath(import.meta.url)), "torch-reference-cpu.py");

export type TorchReference =
  | {
      available: true;
      impl: string;
      device: "cuda" | "cpu";
      threads?: number;
      W: number;
      B: number;
      params: number;
      steps: number;
      medianStepMs: number;
      minStepMs: number;
    }
  | { available: false; reason: string };

/**
 * Times the PyTorch reference model (width w, batch b, n steps) with the
 * shared script: as written on CUDA when torch sees a GPU, otherwise on the
 * CPU through torch-reference-cpu.py with `threads` intra-op threads.
 * Never throws: a machine without python3, torch or the script gets the reason.
 */
export async function runTorchReference(w: number, b: number, n: number, threads: number): Promise<TorchReference> {
  const script = torchReferenceScript();
  if (!existsSync(script)) return { available: false, reason: `${script} not found (set TORCH_REF)` };
  let cuda: boolean;
  try {
    const probe = await run("python3", ["-c", "import torch; print(torch.cuda.is_available())"]);
    cuda = probe.stdout.trim() === "True";
  } catch (e) {
    return {
      available: false,
      reason: `python3 cannot import torch: ${lastLine((e as { stderr?: string }).stderr ?? (e as Error).message)}`,
    };
  }
  // The script times N steps and drops the first 2 as warm-up, like benchTrain: N = n + 2 gives n timed steps.
  const wbn = [String(w), String(b), String(n + 2)];
  const args = cuda ? [script, ...wbn] : [cpuRunner, script, ...wbn, String(threads)];
  try {
    const { stdout } = await run("python3", args, { maxBuffer: 1 << 20 });
    const r = JSON.parse(lastLine(stdout)) as { impl: string; W: number; B: number; params: number; median_ms: number; min_ms: number };
    return {
      available: true,
      impl: r.impl,
      device: cuda ? "cuda" : "cpu",
      ...(!cuda && { threads }),
      W: r.W,
      B: r.B,
      params: r.params,
      steps: n,
      medianStepMs: round(r.median_ms),
      minStepMs: round(r.min_ms),
    };
  } catch (e) {
    return { available: false, reason: `torch reference failed: ${lastLine((e as { stderr?: string }).stderr ?? (e as Error).message)}` };
  }
}

const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? "";
const round = (v: number) => Math.round(v * 100) / 100;
