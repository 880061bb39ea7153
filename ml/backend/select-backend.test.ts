import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { isSoftwareAdapter, parsePreference, selectBackend } from "./select-backend";

describe("backend selection", () => {
  it("auto falls back through unavailable backends to one that runs and logs the choice", async () => {
    const lines: string[] = [];
    const info = await selectBackend("auto", (l) => lines.push(l));
    expect(["tensorflow", "webgpu", "wasm", "cpu"]).toContain(info.backend);
    // No software WebGPU adapter wins on its own: wasm is faster on the same cores.
    if (info.backend === "webgpu") expect(isSoftwareAdapter(info.device)).toBe(false);
    expect(tf.getBackend()).toBe(info.backend);
    expect(lines[0]).toContain(`ml backend: ${info.backend}`);
    expect(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0])).toBe(5);
  });

  it("rejects an unknown ML_BACKEND value with the accepted names", () => {
    expect(() => parsePreference("cuda")).toThrow(/auto, tensorflow-gpu, tensorflow, webgpu, wasm, cpu/);
    expect(parsePreference(undefined)).toBe("auto");
  });

  it("ML_BACKEND=wasm activates tfjs's wasm backend and names it in the device", async () => {
    const info = await selectBackend("wasm", () => {});
    expect(info).toMatchObject({ requested: "wasm", backend: "wasm" });
    expect(info.device).toMatch(/^tfjs wasm \(/);
    expect(tf.getBackend()).toBe("wasm");
    await selectBackend("cpu", () => {});
  });

  it("tells software WebGPU adapters (CPU emulation) from GPUs by the adapter's description", () => {
    expect(isSoftwareAdapter("webgpu mesa software llvmpipe")).toBe(true);
    expect(isSoftwareAdapter("webgpu google swiftshader")).toBe(true);
    expect(isSoftwareAdapter("webgpu nvidia hopper NVIDIA H100 80GB HBM3")).toBe(false);
    expect(isSoftwareAdapter("webgpu amd rdna-3 AMD Radeon RX 7900")).toBe(false);
  });

  const installed = (name: string) => {
    try {
      createRequire(import.meta.url).resolve(name);
      return true;
    } catch {
      return false;
    }
  };

  it.skipIf(installed("@tensorflow/tfjs-node-gpu"))(
    "names the missing package when an explicitly requested native backend is absent",
    async () => {
      await expect(selectBackend("tensorflow-gpu", () => {})).rejects.toThrow(/tensorflow-gpu:/);
    },
  );
});
