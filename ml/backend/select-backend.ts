import * as tf from "@tensorflow/tfjs";
import { installFastCpuKernels } from "./fast-cpu-kernels";
import { activateWasmBackend } from "./wasm-backend";

export type BackendPreference = "auto" | "tensorflow-gpu" | "tensorflow" | "webgpu" | "wasm" | "cpu";

export type BackendInfo = {
  /** What was asked for (ML_BACKEND or the argument). */
  requested: BackendPreference;
  /** The tfjs backend name now active: "tensorflow", "webgpu", "wasm" or "cpu". */
  backend: string;
  /** Human-readable device, recorded with every model and output. */
  device: string;
  /** Why earlier candidates were skipped, for the log. */
  skipped: string[];
};

const ORDER: BackendPreference[] = ["tensorflow-gpu", "tensorflow", "webgpu", "wasm", "cpu"];

let selected: BackendInfo | undefined;

export function parsePreference(value: string | undefined): BackendPreference {
  const v = (value ?? "auto").trim() || "auto";
  if (v === "auto" || (ORDER as string[]).includes(v)) return v as BackendPreference;
  throw new Error(`ML_BACKEND=${v} is not one of auto, ${ORDER.join(", ")}`);
}

/**
 * Activates the fastest backend this machine has. "auto" tries native
 * TensorFlow with CUDA, native TensorFlow, WebGPU on a hardware adapter
 * (Dawn on Vulkan), tfjs's wasm backend (XNNPACK) with the training kernels
 * of wasm-training-kernels.ts, then the plain JS cpu backend; naming one
 * backend makes its absence an error. A software WebGPU adapter (lavapipe,
 * llvmpipe, SwiftShader) is skipped by "auto": it computes on the CPU, and
 * measured 3-10x slower per training step than wasm on the same cores
 * (ml/README.md, Backends); ML_BACKEND=webgpu still takes it.
 */
export async function selectBackend(
  preference: BackendPreference = parsePreference(process.env.ML_BACKEND),
  log: (line: string) => void = (l) => console.error(l),
): Promise<BackendInfo> {
  if (selected && (preference === "auto" || preference === selected.requested)) {
    await tf.setBackend(selected.backend);
    return selected;
  }
  const candidates = preference === "auto" ? ORDER : [preference];
  const skipped: string[] = [];
  for (const c of candidates) {
    try {
      const device = c === "webgpu" ? await TRY_WEBGPU(preference === "auto") : await TRY[c]();
      selected = { requested: preference, backend: tf.getBackend(), device, skipped };
      log(`ml backend: ${selected.backend} on ${device}${skipped.length ? ` (skipped: ${skipped.join("; ")})` : ""}`);
      return selected;
    } catch (e) {
      skipped.push(`${c}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  throw new Error(`no ML backend available (${skipped.join("; ")}). Set ML_BACKEND=cpu or install a GPU backend.`);
}

// Package names live in variables so bundlers and tsc do not try to resolve
// optional dependencies that are usually absent.
async function optionalImport(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ name);
}

const TRY: Record<BackendPreference, () => Promise<string>> = {
  auto: () => Promise.reject(new Error("auto is not a backend")),
  "tensorflow-gpu": async () => {
    await optionalImport("@tensorflow/tfjs-node-gpu");
    await activate("tensorflow");
    return "libtensorflow (CUDA)";
  },
  tensorflow: async () => {
    await optionalImport("@tensorflow/tfjs-node");
    await activate("tensorflow");
    return "libtensorflow (CPU)";
  },
  webgpu: () => TRY_WEBGPU(false),
  wasm: activateWasmBackend,
  cpu: async () => {
    installFastCpuKernels();
    await activate("cpu");
    return `tfjs cpu (${process.arch})`;
  },
};

async function TRY_WEBGPU(hardwareOnly: boolean): Promise<string> {
  const device = await initWebGpu(hardwareOnly);
  await activate("webgpu");
  return device;
}

/** Adapters that run shaders on the CPU: Mesa's lavapipe/llvmpipe, Google's SwiftShader. */
export function isSoftwareAdapter(device: string): boolean {
  return /llvmpipe|lavapipe|swiftshader|\bsoftware\b/i.test(device);
}

async function activate(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to initialise`);
  await tf.ready();
}

/**
 * Dawn's Node binding provides navigator.gpu; the tfjs webgpu backend only
 * registers itself if navigator.gpu exists when it is imported.
 */
async function initWebGpu(hardwareOnly: boolean): Promise<string> {
  const webgpu = (await optionalImport("webgpu")) as { create: (o: string[]) => GPU; globals: object };
  const gpu = webgpu.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new Error("no WebGPU adapter (Vulkan driver missing)");
  const info = (adapter as unknown as { info?: { vendor?: string; architecture?: string; description?: string } }).info;
  const device = `webgpu ${[info?.vendor, info?.architecture, info?.description].filter(Boolean).join(" ") || "adapter"}`;
  // Checked before tfjs-backend-webgpu is imported: a skipped adapter leaves no webgpu backend registered.
  if (hardwareOnly && isSoftwareAdapter(device)) throw new Error(`${device} is a software adapter (CPU emulation, slower than wasm)`);
  Object.assign(globalThis, webgpu.globals);
  if (!("gpu" in (globalThis.navigator ?? {}))) {
    Object.defineProperty(globalThis, "navigator", { value: { ...(globalThis.navigator ?? {}), gpu }, configurable: true, writable: true });
  }
  await optionalImport("@tensorflow/tfjs-backend-webgpu");
  return device;
}

export function currentBackend(): BackendInfo | undefined {
  return selected;
}
