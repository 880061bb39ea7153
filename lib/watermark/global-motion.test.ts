import { describe, expect, it } from "vitest";
import { detectWatermark } from "./detect";
import { embedWatermark, parsePayloadHex } from "./embed";
import type { Frame } from "@/lib/media";
import { globalMotion, lumaWindow } from "./global-motion";
import { createPrng } from "./prng";
import { syntheticFrame } from "./test-images";

function shifted(frame: Frame, dx: number, dy: number): Frame {
  const { width, height, channels, data } = frame;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const sx = Math.min(width - 1, Math.max(0, x - dx));
      const sy = Math.min(height - 1, Math.max(0, y - dy));
      for (let c = 0; c < channels; c++) out[(y * width + x) * channels + c] = data[(sy * width + sx) * channels + c]!;
    }
  return { width, height, channels, data: out };
}

describe("global motion and a moving tile grid", () => {
  it("finds how far the picture moved between two frames", async () => {
    const frame = await syntheticFrame(640, 480, "global-motion");
    const random = createPrng("global-motion-noise");
    for (let i = 0; i < frame.data.length; i++)
      frame.data[i] = Math.min(255, Math.max(0, frame.data[i]! + Math.round(20 * (random() - 0.5))));
    const moved = shifted(frame, -7, 3);
    expect(globalMotion(lumaWindow(frame)!, lumaWindow(moved)!)).toEqual({ x: -7, y: 3 });
  });

  it("decodes a pattern embedded with its grid moved, and reports where the grid starts", async () => {
    const frame = await syntheticFrame(720, 540, "grid-offset");
    const marked = embedWatermark(frame, parsePayloadHex("0123456789abcdef"), { gridOffset: { x: -45, y: 200 } });
    const result = detectWatermark(marked);
    expect(result).toMatchObject({ found: true, payload: "0123456789abcdef", offset: { x: (-45 + 256) % 128, y: 200 % 128 } });
  });
});
