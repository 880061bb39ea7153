import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parsePreference, selectBackend } from "./select-backend";

describe("backend selection", () => {
  it("auto falls back through unavailable backends to one that runs and logs the choice", async () => {
    const lines: string[] = [];
    const info = await selectBackend("auto", (l) => lines.push(l));
    expect(["tensorflow", "webgpu", "cpu"]).toContain(info.backend);
    expect(tf.getBackend()).toBe(info.backend);
    expect(lines[0]).toContain(`ml backend: ${info.backend}`);
    expect(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0])).toBe(5);
  });

  it("rejects an unknown ML_BACKEND value with the accepted names", () => {
    expect(() => parsePreference("cuda")).toThrow(/auto, tensorflow-gpu, tensorflow, webgpu, cpu/);
    expect(parsePreference(undefined)).toBe("auto");
  });

  const installed = (name: string) => { try { createRequire(import.meta.url).resolve(name); return true; } catch { return false; } };

  it.skipIf(installed("@tensorflow/tfjs-node-gpu"))("names the missing package when an explicitly requested native backend is absent", async () => {
    await expect(selectBackend("tensorflow-gpu", () => {})).rejects.toThrow(/tensorflow-gpu:/);
  });
});
